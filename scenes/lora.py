"""LoRA: fine-tune a frozen model through a small low-rank update h = x W + (alpha/r) x A B.

Full fine-tuning vs LoRA as in the notes' figure, the parameter counts (the notes' d=4096, r=8
and the tiny model), B = 0 at the start (the outputs do not move), the real fine-tune of the
shipped model on new sentence pairs (its loss, a new sentence before and after, an old sentence
kept), merging A B into W, and the notes' Adapter for comparison. Every number is computed.

    manim -pql scenes/lora.py LoRA
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Create,
    Dot,
    FadeIn,
    Group,
    MathTex,
    SurroundingRectangle,
    Text,
    VGroup,
    VMobject,
    Write,
)

from scenes import reference as ref
from scenes.kit import (
    Block,
    ColorBar,
    Heatmap,
    LectureScene,
    LinePlot,
    Num,
    NumberMathTex,
    flow_arrow,
    label,
    token_boxes,
)
from scenes.kit import theme as th
from scenes.kit.charts import ProbBars
from scenes.parts.lora import TokenProbs, plus_circle
from scenes.reference.lora import (
    NOTES_ADAPTER,
    NOTES_EXAMPLE,
    attach_adapters,
    init_adapters,
    load_adapters,
    load_lora_log,
    lora_model,
    merge_lora,
    model_lora_counts,
    notes_adapter_counts,
    notes_lora_counts,
)
from scenes.reference.lora_finetune import LORA_PAIRS_PATH

LORA_H = r"h = x\,W + \frac{\alpha}{r}\; x\,A\,B"
MERGE = r"W' = W + \frac{\alpha}{r}\,A\,B"
RANKS = r"r = <<r>> \ll d = <<d>>"


class LoRA(LectureScene):
    new_pair = 0  # which of the fine-tune's new pairs is the worked example
    shown_matrix = 6  # which adapted matrix is drawn (index into the adapted names)
    top_k = 4  # words shown of a next-token distribution
    decimals = 2  # probabilities
    loss_decimals = 3
    loss_tick = 10  # steps between the numbers of the loss plot's x axis
    loss_y_step = 0.5

    steps = ("idea", "counts", "zero", "train", "translate", "keep", "merge", "adapter")

    def prepare(self):
        model = self.model = ref.load_model()
        self.d = model.config.d_model
        self.adapters, self.alpha, self.r = load_adapters()
        self.names = list(self.adapters)
        self.log = load_lora_log()
        self.pairs = ref.load_corpus(LORA_PAIRS_PATH)
        zh, en = self.pairs[self.new_pair % len(self.pairs)]
        self.new_zh, self.new_en = list(zh), list(en)
        self.tuned = lora_model(model, self.adapters, self.alpha, self.r)
        self.before = ref.greedy_decode(model, self.new_zh)  # (tokens, dists)
        self.after = ref.greedy_decode(self.tuned, self.new_zh)
        self.k = self.decisive_step()
        # the notes' case, the tiny model's, the whole shipped model's
        self.notes_d, self.notes_r = NOTES_EXAMPLE["d"], NOTES_EXAMPLE["r"]
        self.notes = notes_lora_counts(self.notes_d, self.notes_r)
        self.tiny = notes_lora_counts(self.d, self.r)
        self.projections = tuple(self.log["config"]["projections"])
        self.whole = model_lora_counts(model.params, self.r, self.projections)
        # B = 0 at the start: the drawn matrix's initial A and B, and the outputs it gives
        self.init_ab = init_adapters(model.params, self.names, self.r, self.log["config"]["seed"])
        self.matrix_name = self.names[self.shown_matrix % len(self.names)]
        attached = self.with_params(attach_adapters(model.params, self.init_ab, self.alpha, self.r))
        self.zero_decoded = ref.greedy_decode(attached, self.new_zh)
        assert len(self.zero_decoded[0]) == len(self.before[0]), "a zero B must not change the translation"
        self.zero_diff = max(float(np.abs(p - q).max())
                             for p, q in zip(self.before[1], self.zero_decoded[1]))
        # the fine-tune's loss
        self.losses = np.array([s["loss"] for s in self.log["steps"]])
        self.trainable = sum(ab["a"].size + ab["b"].size for ab in self.adapters.values())
        # the old sentence, and how many pairs the fine-tuned model gets right
        self.old_before = ref.greedy_decode(model, list(self.words))
        self.old_after = ref.greedy_decode(self.tuned, list(self.words))
        self.corpus = ref.load_corpus()
        self.new_ok = sum(ref.translate(self.tuned, zh) == " ".join(en) for zh, en in self.pairs)
        self.old_ok = sum(ref.translate(self.tuned, zh) == " ".join(en) for zh, en in self.corpus)
        # merging A B into W
        self.w = self.matrix(self.matrix_name)
        ab = self.adapters[self.matrix_name]
        self.merged = merge_lora(self.w, ab["a"], ab["b"], self.alpha, self.r)
        self.delta = self.merged - self.w
        self.rank = int(np.linalg.matrix_rank(self.delta))
        self.unmerged = ref.greedy_decode(
            self.with_params(attach_adapters(model.params, self.adapters, self.alpha, self.r)),
            self.new_zh)
        assert self.unmerged[0] == self.after[0], "merging must not change the translation"
        self.merge_diff = max(float(np.abs(p - q).max())
                              for p, q in zip(self.unmerged[1], self.after[1]))
        # the notes' Adapter
        self.adapter_d, self.adapter_m = NOTES_ADAPTER["d"], NOTES_ADAPTER["m"]
        self.adapter_counts = notes_adapter_counts(self.adapter_d, self.adapter_m)
        self.adapter_lora = notes_lora_counts(self.adapter_d, self.notes_r)

    # ------------------------------------------------------------------ helpers
    def decisive_step(self):
        """First decoding step where the fine-tuned model picks another word than the base."""
        (a, _), (b, _) = self.before, self.after
        return next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), 0)

    def chosen(self, decoded):
        """The probability of every word a greedy decoding picked."""
        tokens, dists = decoded
        return [float(dist[self.model.tgt_vocab.index(t)]) for t, dist in zip(tokens, dists)]

    def top_words(self, dist):
        """The ids of the top_k words of a distribution, most likely first."""
        return [int(i) for i in np.argsort(-dist, kind="stable")[: self.top_k]]

    def with_params(self, params):
        return ref.TinyTransformer(self.model.config, params, self.model.src_vocab,
                                   self.model.tgt_vocab)

    def matrix(self, name):
        return ref.flatten_params(self.model.params)[name]

    # ------------------------------------------------------------------ 1
    def idea(self):
        d, r, counts = self.notes_d, self.notes_r, self.notes
        theme = self.theme
        self.say("idea.say1")
        full = self.full_panel(d, counts).move_to(LEFT * 4.3 + UP * 0.1)
        self.play(FadeIn(full), run_time=0.8)
        self.say("idea.say2")
        lora = self.lora_panel(d, r, counts).move_to(RIGHT * 2.35 + UP * 0.1)
        full[0][0].set_y(lora[0][0].get_y())  # the two panel titles on one line
        self.play(FadeIn(lora[0]), run_time=0.8)
        self.play(FadeIn(lora[1]), run_time=0.8)
        self.say("idea.say3")
        formula = MathTex(LORA_H, color=theme.text, font_size=40)
        ranks = NumberMathTex(RANKS, "idea.ranks", decimals=0, color=theme.muted, font_size=34,
                              r=r, d=d)
        VGroup(formula, ranks).arrange(RIGHT, buff=0.8).move_to(DOWN * 3.0)
        self.play(Write(formula), FadeIn(ranks), run_time=1.2)

    def full_panel(self, d, counts):
        theme = self.theme
        title = label(self.t("idea.full"), th.BODY, theme.orange, weight="BOLD")
        x = label(self.t("idea.input"), th.SMALL, theme.muted)
        w = self.matrix_block("W", theme.orange, 2.1, 2.1, self.text("idea.dims", th.SMALL,
                                                                    a=d, b=d))
        h = label(self.t("idea.output"), th.SMALL, theme.muted)
        note = self.text("idea.all_trained", th.SMALL, theme.orange,
                         pct=100 * counts["full"] / counts["full"])
        col = VGroup(title, x, w, h, note).arrange(DOWN, buff=0.45)
        return VGroup(col, flow_arrow(x.get_bottom(), w.get_top(), buff=0.05),
                      flow_arrow(w.get_bottom(), h.get_top(), buff=0.05))

    def matrix_block(self, letter, colour, width, height, dims, extra=None):
        """A matrix as a box: its letter, its shape under it (and an extra line)."""
        block = Block("", colour, width, height)
        inside = VGroup(label(letter, th.BODY, weight="BOLD"), dims)
        if extra is not None:
            inside.add(extra)
        inside.arrange(DOWN, buff=0.12).move_to(block)
        block.add(inside)
        return block

    def lora_panel(self, d, r, counts):
        theme = self.theme
        title = label(self.t("idea.lora"), th.BODY, theme.green, weight="BOLD")
        x = label(self.t("idea.input"), th.SMALL, theme.muted)
        w = self.matrix_block("W", theme.blue, 2.1, 2.1, self.text("idea.dims", th.SMALL, a=d,
                                                                  b=d),
                              label(self.t("idea.frozen"), th.SMALL, theme.blue))
        w.box.set_fill(opacity=0.12)
        a = self.matrix_block("A", theme.green, 1.6, 0.95,
                              self.text("idea.dims", th.SMALL, a=d, b=r))
        b = self.matrix_block("B", theme.green, 1.6, 0.95,
                              self.text("idea.dims", th.SMALL, a=r, b=d))
        title.move_to(UP * 2.45)
        x.move_to(UP * 1.75)
        w.move_to(LEFT * 1.25 + DOWN * 0.05)
        a.move_to(RIGHT * 1.25 + UP * 0.6)
        b.move_to(RIGHT * 1.25 + DOWN * 0.85)
        plus = plus_circle().move_to(DOWN * 1.75)
        h = label(self.t("idea.output"), th.SMALL, theme.muted).next_to(plus, DOWN, buff=0.4)
        note = self.text("idea.trainable", th.SMALL, theme.green,
                         decimals={"pct": 2}, pct=100 * counts["fraction"])
        note.next_to(h, RIGHT, buff=0.6)
        arrows = VGroup(
            flow_arrow(x.get_bottom(), w.get_top() + RIGHT * 0.3, buff=0.05),
            flow_arrow(x.get_bottom(), a.get_top() + LEFT * 0.3, buff=0.05),
            flow_arrow(a.get_bottom(), b.get_top(), buff=0.04),
            flow_arrow(w.get_bottom(), plus.get_left() + UP * 0.05, buff=0.05),
            flow_arrow(b.get_bottom(), plus.get_right() + UP * 0.05, buff=0.05),
            flow_arrow(plus.get_bottom(), h.get_top(), buff=0.05),
        )
        frozen = VGroup(title, x, w, arrows[0], arrows[3], plus, h, arrows[5])
        side = VGroup(a, b, arrows[1], arrows[2], arrows[4], note)
        return VGroup(frozen, side)

    # ------------------------------------------------------------------ 2
    def counts(self):
        theme = self.theme
        d, r = self.notes_d, self.notes_r
        notes, tiny, whole, projections = self.notes, self.tiny, self.whole, self.projections
        self.say("counts.say1", d=d, r=r)
        heads = [None]
        for key, colour, dd, rr in (("notes_case", theme.blue, d, r),
                                    ("tiny_case", theme.green, self.d, self.r)):
            heads.append(VGroup(label(self.t(f"counts.{key}"), th.SMALL, colour),
                                self.text("counts.case", th.SMALL, colour, d=dd, r=rr))
                         .arrange(DOWN, buff=0.12))
        rows = [
            [label(self.t("counts.full_row"), th.BODY),
             Num(notes["full"], "counts.notes_full", 0, th.BODY),
             Num(tiny["full"], "counts.tiny_full", 0, th.BODY)],
            [label(self.t("counts.lora_row"), th.BODY),
             Num(notes["lora"], "counts.notes_lora", 0, th.BODY, theme.yellow),
             Num(tiny["lora"], "counts.tiny_lora", 0, th.BODY, theme.yellow)],
            [label(self.t("counts.pct_row"), th.BODY),
             Num(100 * notes["fraction"], "counts.notes_pct", 2, th.BODY, theme.yellow,
                 suffix="%"),
             Num(100 * tiny["fraction"], "counts.tiny_pct", 2, th.BODY, theme.yellow,
                 suffix="%")],
        ]
        xs, ys = (-3.6, 0.9, 4.5), (2.1, 1.0, 0.2, -0.6)
        for j in (1, 2):
            heads[j].move_to([xs[j], ys[0], 0])
        for i, row in enumerate(rows):
            row[0].move_to([xs[0], ys[i + 1], 0]).align_to([-6.6, 0, 0], LEFT)
            for j in (1, 2):
                row[j].move_to([xs[j], ys[i + 1], 0])
        self.play(FadeIn(VGroup(*heads[1:2])), FadeIn(VGroup(*(row[0] for row in rows))),
                  run_time=0.6)
        self.say("counts.say2")
        for row in rows:
            self.play(FadeIn(row[1]), run_time=0.5)
        self.say("counts.say3", d=self.d)
        self.play(FadeIn(heads[2]), *(FadeIn(row[2]) for row in rows), run_time=0.8)
        self.say("counts.say4", decimals={"pct": 2}, n=len(whole["adapted"]),
                 pct=100 * whole["fraction"])
        model = VGroup(
            self.text("counts.model", th.SMALL, proj=" / ".join(p.upper() for p in projections),
                      n=len(whole["adapted"])),
            self.text("counts.share", th.SMALL, decimals={"pct": 2},
                      trainable=whole["trainable"], total=whole["total"],
                      pct=100 * whole["fraction"]),
        ).arrange(DOWN, buff=0.15).move_to(DOWN * 2.05)
        box = SurroundingRectangle(model, color=theme.green, buff=0.2, corner_radius=0.1)
        self.play(FadeIn(model), Create(box), run_time=0.8)

    # ------------------------------------------------------------------ 3
    def zero(self):
        theme = self.theme
        name = self.matrix_name
        a, b = self.init_ab[name]["a"], self.init_ab[name]["b"]
        d_in, d_out = self.matrix(name).shape
        self.say("zero.say1")
        lim = float(np.abs(a).max())
        heat_a = Heatmap(a, "zero.a", width=0.5, height=4.0, vmin=-lim, vmax=lim)
        heat_b = Heatmap(b, "zero.b", width=4.0, height=0.5, vmin=-lim, vmax=lim)
        heat_a.move_to(LEFT * 6.3 + DOWN * 0.25)
        name_l = label(name, th.SMALL, theme.muted, mono=True)
        name_l.next_to(heat_a, UP, buff=0.25).align_to(heat_a, LEFT)
        a_l = self.text("zero.a", th.SMALL, theme.green, d=d_in, r=self.r)
        a_l.next_to(heat_a, RIGHT, buff=0.3).align_to(heat_a, UP)
        b_l = self.text("zero.b", th.SMALL, theme.green, d=d_out, r=self.r)
        b_l.next_to(a_l, DOWN, buff=1.0).align_to(a_l, LEFT)
        heat_b.next_to(b_l, DOWN, buff=0.2).align_to(b_l, LEFT)
        b_max = self.text("zero.b_max", th.SMALL, theme.yellow, v=float(np.abs(b).max()))
        b_max.next_to(heat_b, DOWN, buff=0.25).align_to(heat_b, LEFT)
        self.play(FadeIn(name_l), FadeIn(heat_a), FadeIn(a_l), run_time=0.8)
        self.play(FadeIn(heat_b), FadeIn(b_l), FadeIn(b_max), run_time=0.8)
        self.say("zero.say2")
        zero, k = self.zero_decoded, self.k
        base_dist, zero_dist = self.before[1][k], zero[1][k]
        top = self.top_words(base_dist)
        words = [self.model.tgt_vocab[i] for i in top]
        prefix = " ".join(self.before[0][:k])
        self.say("zero.say3", src=" ".join(self.new_zh), prefix=prefix)
        context = self.text("zero.next", th.SMALL, theme.muted, src=" ".join(self.new_zh),
                            prefix=prefix)
        bars_base = ProbBars(words, base_dist[top], "zero.base_probs", self.decimals,
                             bar_width=2.2, colours=theme.blue)
        bars_zero = ProbBars(words, zero_dist[top], "zero.attached_probs", self.decimals,
                             bar_width=2.2, colours=theme.green)
        t_base = label(self.t("zero.base"), th.SMALL, theme.blue)
        t_zero = label(self.t("zero.attached"), th.SMALL, theme.green)
        right = VGroup(context,
                       VGroup(t_base, bars_base).arrange(DOWN, aligned_edge=LEFT, buff=0.2),
                       VGroup(t_zero, bars_zero).arrange(DOWN, aligned_edge=LEFT, buff=0.2))
        right.arrange(DOWN, aligned_edge=LEFT, buff=0.4).move_to(RIGHT * 3.6 + DOWN * 0.2)
        for bars in (bars_base, bars_zero):
            bars.shift(RIGHT * 0.3)
        self.play(FadeIn(context), FadeIn(right[1]), run_time=0.8)
        self.play(FadeIn(right[2]), run_time=0.8)
        diff = self.zero_diff
        self.say("zero.say4", decimals=None, diff=diff)
        note = self.text("zero.diff", th.SMALL, theme.yellow, decimals=None, diff=diff)
        note.next_to(right, DOWN, buff=0.35).align_to(right, LEFT)
        self.play(FadeIn(note), run_time=0.6)

    # ------------------------------------------------------------------ 4
    def train(self):
        theme = self.theme
        cfg = self.log["config"]
        losses = self.losses
        n_steps = len(losses)
        self.say("train.say1", n=len(self.pairs))
        setup = self.text("train.setup", th.SMALL, theme.muted,
                          decimals={"alpha": 0, "scale": 0}, r=self.r, alpha=self.alpha,
                          scale=self.alpha / self.r, n=len(self.names),
                          trainable=self.trainable)
        budget = self.text("train.budget", th.SMALL, theme.muted, decimals={"lr": None},
                           steps=n_steps, lr=cfg["lr"], replay=cfg["replay"])
        top_lines = VGroup(setup, budget).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        top_lines.to_edge(LEFT, buff=0.55).shift(UP * 2.45 - UP * top_lines.get_center()[1])
        pairs_t = label(self.t("train.pairs"), th.SMALL, theme.green)
        lines = Text("\n".join(f"{' '.join(zh)}  →  {' '.join(en)}" for zh, en in self.pairs),
                     font=th.FONT, font_size=th.SMALL, color=theme.text, line_spacing=1.3)
        left = VGroup(pairs_t, lines).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        left.to_edge(LEFT, buff=0.55).shift(DOWN * (0.5 + left.get_center()[1]))
        self.play(FadeIn(left), FadeIn(top_lines), run_time=0.8)
        self.say("train.say2", replay=cfg["replay"])
        x = np.arange(1, n_steps + 1)
        top = float(np.ceil(losses.max() / self.loss_y_step) * self.loss_y_step)
        plot = LinePlot({"loss": (x, losses)}, "train.loss", x_range=[0, n_steps, self.loss_tick],
                        y_range=[0, top, self.loss_y_step], width=5.4, height=3.6,
                        colours=[theme.orange], x_label=self.t("train.x"),
                        y_label=self.t("train.y"), axis_numbers=False, stroke=4)
        plot.move_to(RIGHT * 3.75 + DOWN * 0.6)
        ticks = VGroup(
            *(Num(v, "train.loss.x_axis", 0, th.TINY, theme.muted)
              .next_to(plot.point(v, 0), DOWN, buff=0.12)
              for v in np.arange(0, n_steps + 1, self.loss_tick)),
            *(Num(v, "train.loss.y_axis", 1, th.TINY, theme.muted)
              .next_to(plot.point(0, v), LEFT, buff=0.12)
              for v in np.arange(0, top + self.loss_y_step / 2, self.loss_y_step)))
        self.play(FadeIn(plot.axes), FadeIn(ticks), FadeIn(plot.x_label),
                  FadeIn(plot.y_label), run_time=0.6)
        self.play(Create(plot.curves), run_time=2.5)
        first = Num(losses[0], "train.first", self.loss_decimals, th.SMALL, theme.orange)
        last = Num(losses[-1], "train.last", self.loss_decimals, th.SMALL, theme.orange)
        p0, p1 = plot.point(x[0], losses[0]), plot.point(x[-1], losses[-1])
        first.next_to(p0, RIGHT, buff=0.2)
        last.next_to(p1, UP, buff=0.2)
        dots = VGroup(Dot(p0, radius=0.06, color=theme.orange),
                      Dot(p1, radius=0.06, color=theme.orange))
        self.say("train.say3", decimals=self.loss_decimals, first=losses[0], last=losses[-1])
        self.play(FadeIn(dots), FadeIn(first), FadeIn(last), run_time=0.6)

    # ------------------------------------------------------------------ 5
    def translate(self):
        theme = self.theme
        src, ref_en = " ".join(self.new_zh), " ".join(self.new_en)
        self.say("translate.say1", src=src, ref=ref_en)
        tokens = token_boxes(self.new_zh, size=th.SMALL)
        src_l = label(self.t("translate.source"), th.SMALL, theme.muted)
        reference = self.text("translate.reference", th.SMALL, theme.muted, ref=ref_en)
        head = VGroup(src_l, tokens, reference).arrange(RIGHT, buff=0.35)
        head.to_edge(LEFT, buff=0.55).set_y(2.4)
        self.play(FadeIn(head), run_time=0.6)
        rows = []
        for key, decoded, colour in (("before", self.before, theme.red),
                                     ("after", self.after, theme.green)):
            tokens_out = decoded[0]
            right = " ".join(t for t in tokens_out if t != ref.EOS) == ref_en
            colours = [theme.text] * len(tokens_out)
            name = label(self.t(f"translate.{key}"), th.SMALL, colour, weight="BOLD")
            probs = TokenProbs(tokens_out, self.chosen(decoded), f"translate.{key}",
                               self.decimals, colours=colours)
            verdict = label("✓" if right else "✗", th.BODY,
                            theme.green if right else theme.red)
            rows.append(VGroup(name, probs, verdict).arrange(RIGHT, buff=0.4))
        rows = VGroup(*rows).arrange(DOWN, aligned_edge=LEFT, buff=0.45)
        rows.to_edge(LEFT, buff=0.55).set_y(1.0)
        for row in rows:
            row[1].align_to(rows[0][1], LEFT)
            row[2].next_to(row[1], RIGHT, buff=0.4)
        self.say("translate.say2", before=" ".join(t for t in self.before[0] if t != ref.EOS))
        self.play(FadeIn(rows[0]), run_time=0.8)
        self.say("translate.say3", after=" ".join(t for t in self.after[0] if t != ref.EOS))
        self.play(FadeIn(rows[1]), run_time=0.8)
        k = self.k
        prefix = " ".join(self.before[0][:k])
        old, new = self.before[0][k], self.after[0][k]
        self.say("translate.say4", prefix=prefix, old=old, new=new)
        charts = VGroup()
        for key, decoded, colour in (("before", self.before, theme.red),
                                     ("after", self.after, theme.green)):
            dist = decoded[1][k]
            top = self.top_words(dist)
            words = [self.model.tgt_vocab[i] for i in top]
            colours = [colour] + [theme.muted] * (len(top) - 1)
            title = self.text(f"translate.next_{key}", th.SMALL, colour, prefix=prefix)
            bars = ProbBars(words, dist[top], f"translate.next_{key}", self.decimals,
                            bar_width=2.0, colours=colours)
            charts.add(VGroup(title, bars).arrange(DOWN, aligned_edge=LEFT, buff=0.25))
        charts.arrange(RIGHT, buff=1.0, aligned_edge=UP).move_to(DOWN * 2.0)
        for chart in charts:
            chart[1].shift(RIGHT * 0.3)
        marks = VGroup(*(SurroundingRectangle(rows[i][1].column(k), color=theme.yellow,
                                              buff=0.06) for i in (0, 1)))
        self.play(FadeIn(charts), Create(marks), run_time=1.0)

    # ------------------------------------------------------------------ 6
    def keep(self):
        theme = self.theme
        words = list(self.words)
        before, after = self.old_before, self.old_after
        self.say("keep.say1", src=" ".join(words))
        tokens = token_boxes(words, size=th.SMALL)
        src_l = label(self.t("keep.source"), th.SMALL, theme.muted)
        head = VGroup(src_l, tokens).arrange(RIGHT, buff=0.35)
        head.to_edge(LEFT, buff=0.55).set_y(2.3)
        self.play(FadeIn(head), run_time=0.6)
        rows = VGroup()
        for key, decoded, colour in (("before", before, theme.muted),
                                     ("after", after, theme.green)):
            name = label(self.t(f"translate.{key}"), th.SMALL, colour, weight="BOLD")
            probs = TokenProbs(decoded[0], self.chosen(decoded), f"keep.{key}", self.decimals)
            rows.add(VGroup(name, probs).arrange(RIGHT, buff=0.4))
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.45).to_edge(LEFT, buff=0.55).set_y(0.8)
        for row in rows:
            row[1].align_to(rows[0][1], LEFT)
        same = before[0] == after[0]
        verdict = label(self.t("keep.same" if same else "keep.changed"), th.BODY,
                        theme.green if same else theme.orange)
        verdict.next_to(rows, RIGHT, buff=0.6)
        self.play(FadeIn(rows), run_time=0.8)
        self.say("keep.say_same" if same else "keep.say_changed")
        self.play(FadeIn(verdict), run_time=0.5)
        new_ok, old_ok, corpus = self.new_ok, self.old_ok, self.corpus
        self.say("keep.say3", new_ok=new_ok, new_n=len(self.pairs), old_ok=old_ok,
                 old_n=len(corpus))
        new_t = self.text("keep.new_total", th.BODY, theme.green, new_ok=new_ok,
                          new_n=len(self.pairs))
        old_t = self.text("keep.old_total", th.BODY, theme.blue, old_ok=old_ok,
                          old_n=len(corpus))
        box = VGroup(new_t, old_t).arrange(DOWN, aligned_edge=LEFT, buff=0.3).move_to(DOWN * 2.0)
        frame = SurroundingRectangle(box, color=theme.muted, buff=0.25, corner_radius=0.1)
        self.play(FadeIn(box), Create(frame), run_time=0.8)

    # ------------------------------------------------------------------ 7
    def merge(self):
        theme = self.theme
        name, w, delta, merged = self.matrix_name, self.w, self.delta, self.merged
        self.say("merge.say1")
        formula = MathTex(MERGE, color=theme.text, font_size=40).move_to(RIGHT * 3.2 + UP * 3.3)
        self.play(Write(formula), run_time=1.0)
        lim = float(max(np.abs(w).max(), np.abs(delta).max(), np.abs(merged).max()))
        heats = [Heatmap(m, f"merge.{key}", width=2.0, vmin=-lim, vmax=lim)
                 for m, key in ((w, "w"), (delta, "delta"), (merged, "merged"))]
        signs = [MathTex("+", color=theme.text), MathTex("=", color=theme.text)]
        strip = Group(heats[0], signs[0], heats[1], signs[1], heats[2]).arrange(RIGHT, buff=0.4)
        strip.move_to(LEFT * 0.6 + UP * 1.05)
        bar = ColorBar(-lim, lim, "merge.scale", height=2.0, decimals=2)
        bar.next_to(strip, RIGHT, buff=0.35)
        names = VGroup(*(label(self.t(f"merge.{key}"), th.SMALL, theme.muted)
                         .next_to(h, DOWN, buff=0.15)
                         for key, h in zip(("w", "delta", "merged"), heats)))
        tag = label(name, th.TINY, theme.muted, mono=True).next_to(strip, UP, buff=0.15)
        tag.align_to(strip, LEFT)
        self.play(FadeIn(strip), FadeIn(bar), FadeIn(names), FadeIn(tag), run_time=1.0)
        rank = self.rank
        self.say("merge.say2", rank=rank)
        rank_t = self.text("merge.rank", th.SMALL, theme.yellow, rank=rank)
        rank_t.next_to(names[1], DOWN, buff=0.2)
        self.play(FadeIn(rank_t), run_time=0.5)
        unmerged, diff = self.unmerged, self.merge_diff
        rows = VGroup()
        for key, decoded in (("unmerged_row", unmerged), ("merged_row", self.after)):
            name_t = label(self.t(f"merge.{key}"), th.SMALL, theme.muted)
            rows.add(VGroup(name_t, TokenProbs(decoded[0], self.chosen(decoded),
                                               f"merge.{key}", self.decimals)))
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        column_x = max(row[0].get_right()[0] for row in rows) + 0.4
        for row in rows:
            row[1].next_to(row[0], RIGHT, buff=0.4).align_to([column_x, 0, 0], LEFT)
        rows.to_edge(LEFT, buff=0.55).set_y(-2.1)
        diff_t = self.text("merge.diff", th.SMALL, theme.yellow, decimals=None, diff=diff)
        diff_t.next_to(rows, RIGHT, buff=0.6)
        self.say("merge.say3", decimals=None, diff=diff)
        self.play(FadeIn(rows), FadeIn(diff_t), run_time=0.8)

    # ------------------------------------------------------------------ 8
    def adapter(self):
        theme = self.theme
        d, m = self.adapter_d, self.adapter_m
        counts, lora = self.adapter_counts, self.adapter_lora
        self.say("adapter.say1")
        x = self.text("adapter.input", th.SMALL, theme.muted, d=d)
        layer = Block(self.t("adapter.layer"), theme.blue, 3.0, 0.6, fill_opacity=0.12)
        down = Block(self.t("adapter.down"), theme.green, 2.4, 0.55)
        relu = Block(self.t("adapter.relu"), theme.purple, 1.4, 0.45)
        up = Block(self.t("adapter.up"), theme.green, 2.4, 0.55)
        plus = plus_circle()
        out = label(self.t("adapter.output"), th.SMALL, theme.muted)
        col = VGroup(x, layer, down, relu, up, plus, out).arrange(DOWN, buff=0.3)
        col[2:5].shift(DOWN * 0.2)
        col[5:].shift(DOWN * 0.4)
        col.move_to(LEFT * 4.3 + DOWN * 0.3)
        frame = SurroundingRectangle(VGroup(down, relu, up), color=theme.green, buff=0.15,
                                     corner_radius=0.1)
        name = label(self.t("adapter.name"), th.SMALL, theme.green)
        name.next_to(frame, LEFT, buff=0.15)
        arrows = VGroup(*(flow_arrow(col[i].get_bottom(), col[i + 1].get_top(), buff=0.04)
                          for i in range(len(col) - 1)))
        branch = arrows[1].get_center()
        side_x = frame.get_right()[0] + 0.45
        corners = [branch, [side_x, branch[1], 0], [side_x, plus.get_y(), 0]]
        residual = VGroup(
            VMobject(color=theme.orange, stroke_width=3).set_points_as_corners(corners),
            Arrow(corners[-1], plus.get_right(), buff=0.02, color=theme.orange, stroke_width=3,
                  max_tip_length_to_length_ratio=0.35),
            Dot(branch, radius=0.05, color=theme.orange))
        res_l = label(self.t("adapter.residual"), th.SMALL, theme.orange)
        res_l.next_to(residual[0], RIGHT, buff=0.12)
        self.play(FadeIn(col), FadeIn(arrows), Create(frame), FadeIn(name), run_time=1.0)
        self.play(Create(residual), FadeIn(res_l), run_time=0.8)
        self.say("adapter.say2", decimals={"pct": 1}, d=d, m=m, n=counts["adapter"],
                 pct=100 * counts["fraction"])
        lines = VGroup(
            self.text("adapter.down_count", th.SMALL, d=d, m=m, n=counts["down"]),
            self.text("adapter.up_count", th.SMALL, m=m, d=d, n=counts["up"]),
            self.text("adapter.total", th.BODY, theme.green, n=counts["adapter"]),
            self.text("adapter.full", th.SMALL, theme.muted, decimals={"pct": 1},
                      n=counts["full"], pct=100 * counts["fraction"]),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        lines.move_to(LEFT * 0.9 + UP * 1.2, aligned_edge=LEFT)
        self.play(FadeIn(lines), run_time=0.8)
        self.say("adapter.say3")
        compare = VGroup(
            self.text("adapter.lora_same", th.SMALL, theme.yellow, decimals={"pct": 1}, d=d,
                      r=self.notes_r, n=lora["lora"], pct=100 * lora["fraction"]),
            label(self.t("adapter.adapter_inference"), th.SMALL, theme.green),
            label(self.t("adapter.lora_inference"), th.SMALL, theme.yellow),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        compare.next_to(lines, DOWN, buff=0.6).align_to(lines, LEFT)
        self.play(FadeIn(compare), run_time=0.8)
