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
    Create,
    Dot,
    FadeIn,
    Group,
    MathTex,
    SurroundingRectangle,
    VectorizedPoint,
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
from scenes.kit.base import Region
from scenes.kit.charts import ProbBars
from scenes.kit.theme import PACE, SPACE
from scenes.parts.lora import TokenProbs, padded_block, padded_blocks, plus_circle, text_lines
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

# where every number of the scene comes from (scenes.tools.numbers: the numbers files, the
# player's panel, the handouts); "<record>{key}" is the placeholder key of a text or subtitle
OPS = "scenes.reference.lora"
NOTES = f"{OPS}.notes_lora_counts"  # full d x d against 2 d r (the notes' case, the model's)
ADAPTERS = f"{OPS}.load_adapters"  # assets/lora_adapters.npz: the fine-tune's A, B, alpha, r
LOG = f"{OPS}.load_lora_log"  # assets/lora_log.json: the fine-tune's config and losses
BASE = "scenes.reference.greedy_decode: of the trained model"
TUNED = f"scenes.reference.greedy_decode: of {OPS}.lora_model (the model with its adapters)"
ORIGINS = {
    "*idea.dims": f"{OPS}.NOTES_EXAMPLE: d and r",
    "*idea.all_trained{pct}": f"{NOTES}: full over full, in percent",
    "*idea.trainable{pct}": f"{NOTES}: fraction of the notes' case, in percent",
    "idea.ranks": f"{OPS}.NOTES_EXAMPLE: r and d",
    "*counts.say1": f"{OPS}.NOTES_EXAMPLE: d and r",
    "*counts.case": f"{OPS}.NOTES_EXAMPLE: d and r, then model.config.d_model and the "
                    f"fine-tune's r ({ADAPTERS})",
    "counts.notes_*": f"{NOTES}: of {OPS}.NOTES_EXAMPLE (fraction in percent)",
    "*counts.say3{d}": "model.config.d_model",
    "counts.tiny_*": f"{NOTES}: of model.config.d_model and the fine-tune's r (fraction in "
                     "percent)",
    "*counts.*{n}": f"{OPS}.model_lora_counts: adapted, the matrices with adapters",
    "*counts.*{pct}": f"{OPS}.model_lora_counts: fraction, in percent",
    "*counts.share{trainable}": f"{OPS}.model_lora_counts: trainable",
    "*counts.share{total}": f"{OPS}.model_lora_counts: total, the model's parameters",
    "zero.?": f"{OPS}.init_adapters: A and B of LoRA.shown_matrix as the fine-tune starts",
    "*zero.?{d}": "model.params: the shape of LoRA.shown_matrix",
    "*zero.?{r}": f"{ADAPTERS}: r",
    "*zero.b_max{v}": f"{OPS}.init_adapters: B's largest absolute value",
    "zero.base_probs": f"{BASE}: the step where the fine-tuned model decides otherwise",
    "zero.attached_probs": f"scenes.reference.greedy_decode: with {OPS}.attach_adapters of "
                           f"{OPS}.init_adapters, the same step",
    "*zero.*{diff}": f"scenes.reference.greedy_decode: max |difference| of every step's "
                     f"distribution, B = 0 against the model ({OPS}.init_adapters)",
    "*train.say1{n}": "scenes.reference.lora_finetune.LORA_PAIRS_PATH: its pairs",
    "*train.setup{r}": f"{ADAPTERS}: r",
    "*train.setup{alpha}": f"{ADAPTERS}: alpha",
    "*train.setup{scale}": f"{ADAPTERS}: alpha over r",
    "*train.setup{n}": f"{ADAPTERS}: the adapted matrices",
    "*train.setup{trainable}": f"{ADAPTERS}: the entries of every A and B",
    "*train.budget{steps}": f"{LOG}: steps, the fine-tune's",
    "*train.budget{lr}": f"{LOG}: config lr",
    "*train.*{replay}": f"{LOG}: config replay",
    "train.loss": f"{LOG}: steps loss",
    "train.loss.x_axis": f"{LOG}: steps, every LoRA.loss_tick",
    "train.loss.y_axis": f"{LOG}: steps loss, every LoRA.loss_y_step up to the largest",
    "*train.say3{first}": f"{LOG}: steps[0] loss",
    "*train.say3{last}": f"{LOG}: steps[-1] loss",
    "train.first": f"{LOG}: steps[0] loss",
    "train.last": f"{LOG}: steps[-1] loss",
    "translate.before": f"{BASE}: each chosen word's probability, on the new pair",
    "translate.after": f"{TUNED}: each chosen word's probability, on the new pair",
    "translate.next_before": f"{BASE}: the step where the two translations part",
    "translate.next_after": f"{TUNED}: the step where the two translations part",
    "keep.before": f"{BASE}: each chosen word's probability, on the settings' sentence",
    "keep.after": f"{TUNED}: each chosen word's probability, on the settings' sentence",
    "*keep.*{new_ok}": f"scenes.reference.translate: of {OPS}.lora_model, the new pairs it "
                       "gets right",
    "*keep.*{new_n}": "scenes.reference.lora_finetune.LORA_PAIRS_PATH: its pairs",
    "*keep.*{old_ok}": f"{LOG}: corpus_still_translated, the corpus sentences the fine-tuned "
                       "model still translates",
    "*keep.*{old_n}": f"{LOG}: corpus_sentences",
    "merge.w": "model.params: LoRA.shown_matrix",
    "merge.delta": f"{OPS}.merge_lora: W' - W = (alpha / r) A B",
    "merge.merged": f"{OPS}.merge_lora: W' = W + (alpha / r) A B",
    "merge.scale.*": f"{OPS}.merge_lora: the largest absolute value of W, A B, W'",
    "*merge.*{rank}": f"{OPS}.merge_lora: the rank of W' - W (numpy.linalg.matrix_rank)",
    "merge.unmerged_row": f"scenes.reference.greedy_decode: with {OPS}.attach_adapters "
                          "(unmerged), each chosen word's probability",
    "merge.merged_row": f"{TUNED}: merged, each chosen word's probability",
    "*merge.*{diff}": "scenes.reference.greedy_decode: max |difference| of every step's "
                      "distribution, merged against unmerged",
    "*adapter.*{d}": f"{OPS}.NOTES_ADAPTER: d",
    "*adapter.*{m}": f"{OPS}.NOTES_ADAPTER: m",
    "*adapter.say2{n}": f"{OPS}.notes_adapter_counts: adapter",
    "*adapter.say2{pct}": f"{OPS}.notes_adapter_counts: fraction, in percent",
    "*adapter.down_count{n}": f"{OPS}.notes_adapter_counts: down",
    "*adapter.up_count{n}": f"{OPS}.notes_adapter_counts: up",
    "*adapter.total{n}": f"{OPS}.notes_adapter_counts: adapter",
    "*adapter.full{n}": f"{OPS}.notes_adapter_counts: full",
    "*adapter.full{pct}": f"{OPS}.notes_adapter_counts: fraction, in percent",
    "*adapter.lora_same{r}": f"{OPS}.NOTES_EXAMPLE: r",
    "*adapter.lora_same{n}": f"{NOTES}: lora, of NOTES_ADAPTER d and NOTES_EXAMPLE r",
    "*adapter.lora_same{pct}": f"{NOTES}: fraction, in percent",
}


def percent(fraction):
    return 100 * fraction


class LoRA(LectureScene):
    new_pair = 0  # which of the fine-tune's new pairs is the worked example
    shown_matrix = 6  # which adapted matrix is drawn (index into the adapted names)
    top_k = 4  # words shown of a next-token distribution
    decimals = 2  # probabilities
    loss_decimals = 3
    loss_tick = 25  # steps between the numbers of the loss plot's x axis
    loss_y_step = 0.5
    matrix_side = 2.1  # a d x d matrix drawn as a square (the figure's W, the merged heatmaps)
    strip = 4.0  # the long side of the A and B heatmaps (their cells are square)
    bar_width = 2.0  # a probability bar at p = 1
    frozen_fill = 0.12  # a frozen matrix or layer: a paler box
    loss_plot = (5.4, 3.6)  # the loss plot's width and height
    origins = ORIGINS  # where every number comes from (scenes.tools.numbers)

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
        self.first_change = self.decisive_step()  # where the two translations part
        # the notes' case, the tiny model's, the whole shipped model's
        self.notes_d, self.notes_r = NOTES_EXAMPLE["d"], NOTES_EXAMPLE["r"]
        self.notes = notes_lora_counts(self.notes_d, self.notes_r)
        self.tiny = notes_lora_counts(self.d, self.r)
        self.projections = tuple(self.log["config"]["projections"])
        self.whole = model_lora_counts(model.params, self.r, self.projections)
        # B = 0 at the start: the drawn matrix's initial A and B, and the outputs it gives
        self.init_ab = init_adapters(model.params, self.names, self.r,
                                     self.log["config"]["seed"])
        self.matrix_name = self.names[self.shown_matrix % len(self.names)]
        attached = self.with_params(attach_adapters(model.params, self.init_ab, self.alpha,
                                                    self.r))
        self.zero_decoded = ref.greedy_decode(attached, self.new_zh)
        assert len(self.zero_decoded[0]) == len(self.before[0]), (
            "a zero B must not change the translation")
        self.zero_diff = max(float(np.abs(p - q).max())
                             for p, q in zip(self.before[1], self.zero_decoded[1]))
        # the fine-tune's loss
        self.losses = np.array([s["loss"] for s in self.log["steps"]])
        self.trainable = sum(ab["a"].size + ab["b"].size for ab in self.adapters.values())
        # the old sentence, and how many pairs the fine-tuned model gets right
        self.old_before = ref.greedy_decode(model, list(self.words))
        self.old_after = ref.greedy_decode(self.tuned, list(self.words))
        self.new_ok = sum(ref.translate(self.tuned, zh) == " ".join(en) for zh, en in self.pairs)
        # the whole corpus, translated by the fine-tuned model when the fine-tune ran (the log)
        self.old_ok, self.old_n = self.log["corpus_still_translated"], self.log["corpus_sentences"]
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
        full = self.full_panel(d, counts)
        lora = self.lora_panel(d, r, counts)
        formula = MathTex(LORA_H, color=theme.text, font_size=th.TITLE)
        ranks = NumberMathTex(RANKS, "idea.ranks", decimals=0, color=theme.muted,
                              font_size=th.HEADING, r=r, d=d)
        maths = VGroup(formula, ranks).arrange(RIGHT, buff=SPACE.xxl)
        panels = VGroup(full, lora).arrange(RIGHT, buff=SPACE.xxl, aligned_edge=UP)
        self.on_stage(VGroup(panels, maths).arrange(DOWN, buff=SPACE.md), margin=0)
        self.say("idea.say1")
        self.play(FadeIn(full), run_time=PACE.beat)
        self.say("idea.say2")
        self.play(FadeIn(lora[0]), run_time=PACE.beat)
        self.play(FadeIn(lora[1]), run_time=PACE.beat)
        self.say("idea.say3")
        self.play(Write(formula), FadeIn(ranks), run_time=PACE.steady)

    def full_panel(self, d, counts):
        theme = self.theme
        title = label(self.t("idea.full"), th.BODY, theme.orange, weight="BOLD")
        x = label(self.t("idea.input"), th.SMALL, theme.muted)
        w = self.matrix_block("W", theme.orange, self.text("idea.dims", th.SMALL, a=d, b=d),
                              square=True)
        h = label(self.t("idea.output"), th.SMALL, theme.muted)
        note = self.text("idea.all_trained", th.SMALL, theme.orange,
                         pct=percent(counts["full"] / counts["full"]))
        col = VGroup(title, x, w, h, note).arrange(DOWN, buff=SPACE.lg)
        return VGroup(col, flow_arrow(x.get_bottom(), w.get_top(), buff=SPACE.hair),
                      flow_arrow(w.get_bottom(), h.get_top(), buff=SPACE.hair))

    def matrix_block(self, letter, colour, dims, extra=None, square=False):
        """A matrix as a box: its letter, its shape under it (and an extra line); a d x d one is
        a square of ``matrix_side``, a low-rank one just holds its text."""
        inside = VGroup(label(letter, th.BODY, weight="BOLD"), dims)
        if extra is not None:
            inside.add(extra)
        inside.arrange(DOWN, buff=SPACE.xs)
        if square:
            width = height = self.matrix_side
        else:
            width, height = inside.width + 2 * SPACE.lg, inside.height + 2 * SPACE.md
        block = Block("", colour, width, height)
        block.add(inside.move_to(block))
        return block

    def lora_panel(self, d, r, counts):
        theme = self.theme
        title = label(self.t("idea.lora"), th.BODY, theme.green, weight="BOLD")
        x = label(self.t("idea.input"), th.SMALL, theme.muted)
        w = self.matrix_block("W", theme.blue, self.text("idea.dims", th.SMALL, a=d, b=d),
                              label(self.t("idea.frozen"), th.SMALL, theme.blue), square=True)
        w.box.set_fill(opacity=self.frozen_fill)
        a = self.matrix_block("A", theme.green, self.text("idea.dims", th.SMALL, a=d, b=r))
        b = self.matrix_block("B", theme.green, self.text("idea.dims", th.SMALL, a=r, b=d))
        ab = VGroup(a, b).arrange(DOWN, buff=SPACE.lg)
        matrices = VGroup(w, ab).arrange(RIGHT, buff=SPACE.xl)
        plus = plus_circle()
        h = label(self.t("idea.output"), th.SMALL, theme.muted)
        VGroup(title, x, matrices, plus, h).arrange(DOWN, buff=SPACE.lg)
        note = self.text("idea.trainable", th.SMALL, theme.green,
                         decimals={"pct": 2}, pct=percent(counts["fraction"]))
        note.next_to(h, RIGHT, buff=SPACE.xl)
        def arrow(start, end):
            return flow_arrow(start, end, buff=SPACE.hair)

        frozen = VGroup(title, x, w, plus, h, arrow(x.get_bottom(), w.get_top()),
                        arrow(w.get_bottom(), plus.get_left()), arrow(plus.get_bottom(), h.get_top()))
        side = VGroup(a, b, note, arrow(x.get_bottom(), a.get_top()), arrow(a.get_bottom(), b.get_top()),
                      arrow(b.get_bottom(), plus.get_right()))
        return VGroup(frozen, side)

    # ------------------------------------------------------------------ 2
    def counts(self):
        theme = self.theme
        d, r = self.notes_d, self.notes_r
        notes, tiny, whole, projections = self.notes, self.tiny, self.whole, self.projections
        heads = [VectorizedPoint()]
        for key, colour, dd, rr in (("notes_case", theme.blue, d, r),
                                    ("tiny_case", theme.green, self.d, self.r)):
            heads.append(VGroup(label(self.t(f"counts.{key}"), th.SMALL, colour),
                                self.text("counts.case", th.SMALL, colour, d=dd, r=rr))
                         .arrange(DOWN, buff=SPACE.xs))
        rows = [
            [label(self.t("counts.full_row"), th.BODY),
             Num(notes["full"], "counts.notes_full", 0, th.BODY),
             Num(tiny["full"], "counts.tiny_full", 0, th.BODY)],
            [label(self.t("counts.lora_row"), th.BODY),
             Num(notes["lora"], "counts.notes_lora", 0, th.BODY, theme.yellow),
             Num(tiny["lora"], "counts.tiny_lora", 0, th.BODY, theme.yellow)],
            [label(self.t("counts.pct_row"), th.BODY),
             Num(percent(notes["fraction"]), "counts.notes_pct", 2, th.BODY, theme.yellow,
                 suffix="%"),
             Num(percent(tiny["fraction"]), "counts.tiny_pct", 2, th.BODY, theme.yellow,
                 suffix="%")],
        ]
        table = VGroup(*heads, *(cell for row in rows for cell in row)).arrange_in_grid(
            rows=len(rows) + 1, buff=(SPACE.xxl, SPACE.lg), col_alignments="lcc")
        model = VGroup(
            self.text("counts.model", th.SMALL, proj=" / ".join(p.upper() for p in projections),
                      n=len(whole["adapted"])),
            self.text("counts.share", th.SMALL, decimals={"pct": 2},
                      trainable=whole["trainable"], total=whole["total"],
                      pct=percent(whole["fraction"])),
        ).arrange(DOWN, buff=SPACE.xs)
        box = SurroundingRectangle(model, color=theme.green, buff=SPACE.sm,
                                   corner_radius=SPACE.xs)
        self.on_stage(VGroup(table, VGroup(model, box)).arrange(DOWN, buff=SPACE.xl), margin=0)
        self.say("counts.say1", d=d, r=r)
        self.play(FadeIn(heads[1]), FadeIn(VGroup(*(row[0] for row in rows))),
                  run_time=PACE.quick)
        self.say("counts.say2")
        for row in rows:
            self.play(FadeIn(row[1]), run_time=PACE.flash)
        self.say("counts.say3", d=self.d)
        self.play(FadeIn(heads[2]), *(FadeIn(row[2]) for row in rows), run_time=PACE.beat)
        self.say("counts.say4", decimals={"pct": 2}, n=len(whole["adapted"]),
                 pct=percent(whole["fraction"]))
        self.play(FadeIn(model), Create(box), run_time=PACE.beat)

    # ------------------------------------------------------------------ 3
    def zero(self):
        theme = self.theme
        name = self.matrix_name
        a, b = self.init_ab[name]["a"], self.init_ab[name]["b"]
        d_in, d_out = self.matrix(name).shape
        lim = float(np.abs(a).max())
        # the A and B strips with square cells: the long side is ``strip``
        heat_a = Heatmap(a, "zero.a", width=self.strip * a.shape[1] / a.shape[0],
                         height=self.strip, vmin=-lim, vmax=lim)
        heat_b = Heatmap(b, "zero.b", width=self.strip,
                         height=self.strip * b.shape[0] / b.shape[1], vmin=-lim, vmax=lim)
        name_l = label(name, th.SMALL, theme.muted, mono=True)
        name_l.next_to(heat_a, UP, buff=SPACE.md).align_to(heat_a, LEFT)
        a_l = self.text("zero.a", th.SMALL, theme.green, d=d_in, r=self.r)
        a_l.next_to(heat_a, RIGHT, buff=SPACE.md).align_to(heat_a, UP)
        b_l = self.text("zero.b", th.SMALL, theme.green, d=d_out, r=self.r)
        b_l.next_to(a_l, DOWN, buff=SPACE.xxl).align_to(a_l, LEFT)
        heat_b.next_to(b_l, DOWN, buff=SPACE.sm).align_to(b_l, LEFT)
        b_max = self.text("zero.b_max", th.SMALL, theme.yellow, v=float(np.abs(b).max()))
        b_max.next_to(heat_b, DOWN, buff=SPACE.md).align_to(heat_b, LEFT)
        left = Group(name_l, heat_a, a_l, b_l, heat_b, b_max)

        zero, k = self.zero_decoded, self.first_change
        base_dist, zero_dist = self.before[1][k], zero[1][k]
        top = self.top_words(base_dist)
        words = [self.model.tgt_vocab[i] for i in top]
        prefix = " ".join(self.before[0][:k])
        context = self.text("zero.next", th.SMALL, theme.muted, src=" ".join(self.new_zh),
                            prefix=prefix)
        charts = []
        for key, dist, record, colour in (("base", base_dist, "zero.base_probs", theme.blue),
                                          ("attached", zero_dist, "zero.attached_probs",
                                           theme.green)):
            bars = ProbBars(words, dist[top], record, self.decimals, bar_width=self.bar_width,
                            colours=colour)
            title = label(self.t(f"zero.{key}"), th.SMALL, colour)
            charts.append(self.chart(title, bars))
        note = self.text("zero.diff", th.SMALL, theme.yellow, decimals=None, diff=self.zero_diff)
        right = VGroup(context, *charts, note).arrange(DOWN, aligned_edge=LEFT, buff=SPACE.lg)
        self.on_stage(Group(left, right).arrange(RIGHT, buff=SPACE.xxl, aligned_edge=UP), margin=0)
        self.say("zero.say1")
        self.play(FadeIn(name_l), FadeIn(heat_a), FadeIn(a_l), run_time=PACE.beat)
        self.play(FadeIn(heat_b), FadeIn(b_l), FadeIn(b_max), run_time=PACE.beat)
        self.say("zero.say2")
        self.say("zero.say3", src=" ".join(self.new_zh), prefix=prefix)
        self.play(FadeIn(context), FadeIn(charts[0]), run_time=PACE.beat)
        self.play(FadeIn(charts[1]), run_time=PACE.beat)
        self.say("zero.say4", decimals=None, diff=self.zero_diff)
        self.play(FadeIn(note), run_time=PACE.quick)

    def chart(self, title, bars):
        """A title over a bar chart, the bars indented under it."""
        chart = VGroup(title, bars).arrange(DOWN, aligned_edge=LEFT, buff=SPACE.sm)
        bars.shift(RIGHT * SPACE.md)
        return chart

    # ------------------------------------------------------------------ 4
    def train(self):
        theme = self.theme
        cfg = self.log["config"]
        losses = self.losses
        n_steps = len(losses)
        setup = self.text("train.setup", th.SMALL, theme.muted,
                          decimals={"alpha": 0, "scale": 0}, r=self.r, alpha=self.alpha,
                          scale=self.alpha / self.r, n=len(self.names),
                          trainable=self.trainable)
        budget = self.text("train.budget", th.SMALL, theme.muted, decimals={"lr": None},
                           steps=n_steps, lr=cfg["lr"], replay=cfg["replay"])
        top_lines = VGroup(setup, budget).arrange(DOWN, aligned_edge=LEFT, buff=SPACE.xs)
        self.under_heading(top_lines, SPACE.md)
        pairs_t = label(self.t("train.pairs"), th.SMALL, theme.green)
        lines = text_lines([f"{' '.join(zh)}  →  {' '.join(en)}" for zh, en in self.pairs])
        left = VGroup(pairs_t, lines).arrange(DOWN, aligned_edge=LEFT, buff=SPACE.md)
        x = np.arange(1, n_steps + 1)
        top = float(np.ceil(losses.max() / self.loss_y_step) * self.loss_y_step)
        width, height = self.loss_plot
        plot = LinePlot({"loss": (x, losses)}, "train.loss", x_range=[0, n_steps, self.loss_tick],
                        y_range=[0, top, self.loss_y_step], width=width, height=height,
                        colours=[theme.orange], x_label=self.t("train.x"),
                        y_label=self.t("train.y"), axis_numbers=False)
        ticks = VGroup(
            *(Num(v, "train.loss.x_axis", 0, th.TINY, theme.muted)
              .next_to(plot.point(v, 0), DOWN, buff=SPACE.xs)
              for v in np.arange(0, n_steps + 1, self.loss_tick)),
            *(Num(v, "train.loss.y_axis", 1, th.TINY, theme.muted)
              .next_to(plot.point(0, v), LEFT, buff=SPACE.xs)
              for v in np.arange(0, top + self.loss_y_step / 2, self.loss_y_step)))
        p0, p1 = plot.point(x[0], losses[0]), plot.point(x[-1], losses[-1])
        first = Num(losses[0], "train.first", self.loss_decimals, th.SMALL, theme.orange)
        last = Num(losses[-1], "train.last", self.loss_decimals, th.SMALL, theme.orange)
        first.next_to(p0, RIGHT, buff=SPACE.sm)
        last.next_to(p1, UP, buff=SPACE.sm)
        dots = VGroup(Dot(p0, radius=SPACE.hair, color=theme.orange),
                      Dot(p1, radius=SPACE.hair, color=theme.orange))
        figure = VGroup(plot, ticks, first, last, dots)
        body = VGroup(left, figure).arrange(RIGHT, buff=SPACE.xxl)
        stage = self.stage()  # the pairs and the plot, below the two lines, fitted to the frame
        self.on_stage(body, Region(stage.x0, stage.x1, stage.y0,
                                   top_lines.get_bottom()[1] - SPACE.lg), margin=SPACE.md)
        self.say("train.say1", n=len(self.pairs))
        self.play(FadeIn(left), FadeIn(top_lines), run_time=PACE.beat)
        self.say("train.say2", replay=cfg["replay"])
        self.play(FadeIn(plot.axes), FadeIn(ticks), FadeIn(plot.x_label),
                  FadeIn(plot.y_label), run_time=PACE.quick)
        self.play(Create(plot.curves), run_time=PACE.long)
        self.say("train.say3", decimals=self.loss_decimals, first=losses[0], last=losses[-1])
        self.play(FadeIn(dots), FadeIn(first), FadeIn(last), run_time=PACE.quick)

    # ------------------------------------------------------------------ 5
    def decoded_row(self, key, name_colour, decoded, record):
        """The name of a model, then its translation with each word's probability."""
        tag = label(self.t(f"translate.{key}"), th.SMALL, name_colour, weight="BOLD")
        return VGroup(tag, TokenProbs(decoded[0], self.chosen(decoded), record, self.decimals))

    def rows_of(self, rows):
        """Rows one under the other, their translations in one column."""
        for row in rows:
            row.arrange(RIGHT, buff=SPACE.lg)
        rows.arrange(DOWN, aligned_edge=LEFT, buff=SPACE.lg)
        column = max(row[0].get_right()[0] for row in rows) + SPACE.lg
        for row in rows:
            row[1:].shift(RIGHT * (column - row[1].get_left()[0]))
        return rows

    def sentence_line(self, key, words, *extra):
        """"Source:" and the sentence's words in boxes (and what follows them)."""
        src_l = label(self.t(key), th.SMALL, self.theme.muted)
        return VGroup(src_l, token_boxes(words, size=th.SMALL), *extra).arrange(
            RIGHT, buff=SPACE.md)

    def translate(self):
        theme = self.theme
        src, ref_en = " ".join(self.new_zh), " ".join(self.new_en)
        reference = self.text("translate.reference", th.SMALL, theme.muted, ref=ref_en)
        head = self.sentence_line("translate.source", self.new_zh, reference)
        rows = VGroup()
        for key, decoded, colour in (("before", self.before, theme.red),
                                     ("after", self.after, theme.green)):
            right = " ".join(t for t in decoded[0] if t != ref.EOS) == ref_en
            row = self.decoded_row(key, colour, decoded, f"translate.{key}")
            row.add(label("✓" if right else "✗", th.BODY, theme.green if right else theme.red))
            rows.add(row)
        self.rows_of(rows)
        k = self.first_change
        prefix = " ".join(self.before[0][:k])
        old, new = self.before[0][k], self.after[0][k]
        charts = VGroup()
        for key, decoded, colour in (("before", self.before, theme.red),
                                     ("after", self.after, theme.green)):
            dist = decoded[1][k]
            top = self.top_words(dist)
            words = [self.model.tgt_vocab[i] for i in top]
            colours = [colour] + [theme.muted] * (len(top) - 1)
            title = self.text(f"translate.next_{key}", th.SMALL, colour, prefix=prefix)
            bars = ProbBars(words, dist[top], f"translate.next_{key}", self.decimals,
                            bar_width=self.bar_width, colours=colours)
            charts.add(self.chart(title, bars))
        charts.arrange(RIGHT, buff=SPACE.xxl, aligned_edge=UP)
        top_part = VGroup(head, rows).arrange(DOWN, aligned_edge=LEFT, buff=SPACE.md)
        self.under_heading(top_part, SPACE.md)
        charts.next_to(top_part, DOWN, buff=SPACE.xl).set_x(self.stage().center[0])
        screen = VGroup(top_part, charts)
        if screen.width > self.stage().width - 2 * SPACE.md:  # a long sentence: fit the frame
            self.on_stage(screen)
        marks = VGroup(*(SurroundingRectangle(rows[i][1].column(k), color=theme.yellow,
                                              buff=SPACE.hair) for i in (0, 1)))
        self.say("translate.say1", src=src, ref=ref_en)
        self.play(FadeIn(head), run_time=PACE.quick)
        self.say("translate.say2", before=" ".join(t for t in self.before[0] if t != ref.EOS))
        self.play(FadeIn(rows[0]), run_time=PACE.beat)
        self.say("translate.say3", after=" ".join(t for t in self.after[0] if t != ref.EOS))
        self.play(FadeIn(rows[1]), run_time=PACE.beat)
        self.say("translate.say4", prefix=prefix, old=old, new=new)
        self.play(FadeIn(charts), Create(marks), run_time=PACE.steady)

    # ------------------------------------------------------------------ 6
    def keep(self):
        theme = self.theme
        words = list(self.words)
        before, after = self.old_before, self.old_after
        head = self.sentence_line("keep.source", words)
        rows = self.rows_of(VGroup(self.decoded_row("before", theme.muted, before, "keep.before"),
                                   self.decoded_row("after", theme.green, after, "keep.after")))
        same = before[0] == after[0]
        verdict = label(self.t("keep.same" if same else "keep.changed"), th.BODY,
                        theme.green if same else theme.orange)
        new_ok, old_ok, old_n = self.new_ok, self.old_ok, self.old_n
        new_t = self.text("keep.new_total", th.BODY, theme.green, new_ok=new_ok,
                          new_n=len(self.pairs))
        old_t = self.text("keep.old_total", th.BODY, theme.blue, old_ok=old_ok,
                          old_n=old_n)
        box = VGroup(new_t, old_t).arrange(DOWN, aligned_edge=LEFT, buff=SPACE.md)
        frame = SurroundingRectangle(box, color=theme.muted, buff=SPACE.md,
                                     corner_radius=SPACE.xs)
        top_part = VGroup(head, VGroup(rows, verdict).arrange(RIGHT, buff=SPACE.xl)).arrange(
            DOWN, aligned_edge=LEFT, buff=SPACE.md)
        self.under_heading(top_part, SPACE.md)
        VGroup(box, frame).next_to(top_part, DOWN, buff=SPACE.xxl).set_x(self.stage().center[0])
        self.say("keep.say1", src=" ".join(words))
        self.play(FadeIn(head), run_time=PACE.quick)
        self.play(FadeIn(rows), run_time=PACE.beat)
        self.say("keep.say_same" if same else "keep.say_changed")
        self.play(FadeIn(verdict), run_time=PACE.quick)
        self.say("keep.say3", new_ok=new_ok, new_n=len(self.pairs), old_ok=old_ok,
                 old_n=old_n)
        self.play(FadeIn(box), Create(frame), run_time=PACE.beat)

    # ------------------------------------------------------------------ 7
    def merge(self):
        theme = self.theme
        name, w, delta, merged = self.matrix_name, self.w, self.delta, self.merged
        formula = MathTex(MERGE, color=theme.text, font_size=th.TITLE)
        formula.to_edge(RIGHT, buff=SPACE.xxl).match_y(self._heading)
        lim = float(max(np.abs(w).max(), np.abs(delta).max(), np.abs(merged).max()))
        heats = [Heatmap(m, f"merge.{key}", width=self.matrix_side, vmin=-lim, vmax=lim)
                 for m, key in ((w, "w"), (delta, "delta"), (merged, "merged"))]
        signs = [MathTex("+", color=theme.text), MathTex("=", color=theme.text)]
        strip = Group(heats[0], signs[0], heats[1], signs[1], heats[2]).arrange(
            RIGHT, buff=SPACE.lg)
        bar = ColorBar(-lim, lim, "merge.scale", height=self.matrix_side, decimals=2)
        bar.next_to(strip, RIGHT, buff=SPACE.md)
        names = VGroup(*(label(self.t(f"merge.{key}"), th.SMALL, theme.muted)
                         .next_to(h, DOWN, buff=SPACE.sm)
                         for key, h in zip(("w", "delta", "merged"), heats)))
        tag = label(name, th.TINY, theme.muted, mono=True).next_to(strip, UP, buff=SPACE.sm)
        tag.align_to(strip, LEFT)
        rank_t = self.text("merge.rank", th.SMALL, theme.yellow, rank=self.rank)
        rank_t.next_to(names[1], DOWN, buff=SPACE.sm)
        figure = Group(tag, strip, bar, names, rank_t)
        rows = VGroup()
        for key, decoded in (("unmerged_row", self.unmerged), ("merged_row", self.after)):
            name_t = label(self.t(f"merge.{key}"), th.SMALL, theme.muted)
            rows.add(VGroup(name_t, TokenProbs(decoded[0], self.chosen(decoded),
                                               f"merge.{key}", self.decimals)))
        self.rows_of(rows)
        diff_t = self.text("merge.diff", th.SMALL, theme.yellow, decimals=None,
                           diff=self.merge_diff)
        outputs = VGroup(rows, diff_t).arrange(DOWN, aligned_edge=LEFT, buff=SPACE.sm)
        self.on_stage(Group(figure, outputs).arrange(DOWN, buff=SPACE.lg), margin=0)
        outputs.align_to(self._heading, LEFT)
        self.say("merge.say1")
        self.play(Write(formula), run_time=PACE.steady)
        self.play(FadeIn(strip), FadeIn(bar), FadeIn(names), FadeIn(tag), run_time=PACE.steady)
        self.say("merge.say2", rank=self.rank)
        self.play(FadeIn(rank_t), run_time=PACE.quick)
        self.say("merge.say3", decimals=None, diff=self.merge_diff)
        self.play(FadeIn(rows), FadeIn(diff_t), run_time=PACE.beat)

    # ------------------------------------------------------------------ 8
    def adapter(self):
        theme = self.theme
        d, m = self.adapter_d, self.adapter_m
        counts, lora = self.adapter_counts, self.adapter_lora
        x = self.text("adapter.input", th.SMALL, theme.muted, d=d)
        layer = padded_block(self.t("adapter.layer"), theme.blue, fill_opacity=self.frozen_fill)
        down, up = padded_blocks((self.t("adapter.down"), self.t("adapter.up")), theme.green)
        relu = padded_block(self.t("adapter.relu"), theme.purple)
        plus = plus_circle()
        out = label(self.t("adapter.output"), th.SMALL, theme.muted)
        col = VGroup(x, layer, down, relu, up, plus, out).arrange(DOWN, buff=SPACE.md)
        VGroup(down, relu, up, plus, out).shift(DOWN * SPACE.sm)  # room for the branch
        VGroup(plus, out).shift(DOWN * SPACE.sm)
        frame = SurroundingRectangle(VGroup(down, relu, up), color=theme.green, buff=SPACE.xs,
                                     corner_radius=SPACE.xs)
        name = label(self.t("adapter.name"), th.SMALL, theme.green)
        name.next_to(frame, LEFT, buff=SPACE.xs)
        arrows = VGroup(*(flow_arrow(col[i].get_bottom(), col[i + 1].get_top(),
                                     buff=SPACE.hair) for i in range(len(col) - 1)))
        branch = arrows[1].get_center()
        side_x = frame.get_right()[0] + SPACE.lg
        corners = [branch, [side_x, branch[1], 0], [side_x, plus.get_y(), 0]]
        back = flow_arrow(corners[-1], plus.get_right(), theme.orange, buff=SPACE.hair)
        residual = VGroup(
            VMobject(color=theme.orange, stroke_width=back.get_stroke_width())
            .set_points_as_corners(corners),
            back, Dot(branch, radius=SPACE.hair, color=theme.orange))
        res_l = label(self.t("adapter.residual"), th.SMALL, theme.orange)
        res_l.next_to(residual[0], RIGHT, buff=SPACE.xs)
        figure = VGroup(col, frame, name, arrows, residual, res_l)
        lines = VGroup(
            self.text("adapter.down_count", th.SMALL, d=d, m=m, n=counts["down"]),
            self.text("adapter.up_count", th.SMALL, m=m, d=d, n=counts["up"]),
            self.text("adapter.total", th.BODY, theme.green, n=counts["adapter"]),
            self.text("adapter.full", th.SMALL, theme.muted, decimals={"pct": 1},
                      n=counts["full"], pct=percent(counts["fraction"])),
        ).arrange(DOWN, aligned_edge=LEFT, buff=SPACE.sm)
        compare = VGroup(
            self.text("adapter.lora_same", th.SMALL, theme.yellow, decimals={"pct": 1}, d=d,
                      r=self.notes_r, n=lora["lora"], pct=percent(lora["fraction"])),
            label(self.t("adapter.adapter_inference"), th.SMALL, theme.green),
            label(self.t("adapter.lora_inference"), th.SMALL, theme.yellow),
        ).arrange(DOWN, aligned_edge=LEFT, buff=SPACE.sm)
        text = VGroup(lines, compare).arrange(DOWN, aligned_edge=LEFT, buff=SPACE.xl)
        self.on_stage(VGroup(figure, text).arrange(RIGHT, buff=SPACE.xxl), margin=0)
        self.say("adapter.say1")
        self.play(FadeIn(col), FadeIn(arrows), Create(frame), FadeIn(name), run_time=PACE.steady)
        self.play(Create(residual), FadeIn(res_l), run_time=PACE.beat)
        self.say("adapter.say2", decimals={"pct": 1}, d=d, m=m, n=counts["adapter"],
                 pct=percent(counts["fraction"]))
        self.play(FadeIn(lines), run_time=PACE.beat)
        self.say("adapter.say3")
        self.play(FadeIn(compare), run_time=PACE.beat)
