"""Generation: the decoder writes the translation one token at a time (greedy decoding), and
training feeds it the whole shifted reference at once (teacher forcing).

The example sentence is decoded step by step with the trained model: at each step the decoder
input so far, the next-token distribution (top tokens with their real probabilities) and the
chosen token, until <eos>, in a table built row by row. Then teacher forcing for the same pair:
the shifted target under the causal mask in one pass, -log p(correct token) per position and
their mean (= the reference's pair_loss). Last, one pass vs one pass per token. Every number is
computed by scenes.reference.generation.

    manim -pql scenes/generation.py Generation
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    FadeIn,
    FadeOut,
    Rectangle,
    Square,
    SurroundingRectangle,
    TransformFromCopy,
    VGroup,
)

from scenes import reference as ref
from scenes.kit import (
    Block,
    Heatmap,
    LectureScene,
    NumberMathTex,
    NumberMatrix,
    flow_arrow,
    label,
)
from scenes.kit import theme as th
from scenes.kit.charts import ProbBars, glyph_groups
from scenes.parts.generation import TableRow, column_header, loop_arrow, small_tokens
from scenes.reference.generation import (
    decoder_work,
    generation_steps,
    prefix_agreement,
    reference_target,
    teacher_forcing,
    top_k,
)

MEAN_LOSS = r"L = \frac{1}{<<n>>} \sum_{t} -\log p_t = <<loss>>"


class Generation(LectureScene):
    target: str | None = None  # the reference English; None: the corpus's translation
    bars_k = 5  # tokens of the current step's distribution drawn as bars
    table_k = 3  # tokens per row of the step table
    decimals = 3  # probabilities and losses
    max_steps = 10  # greedy decoding stops here if the model never says <eos>

    steps = ("idea", "decode", "teacher", "loss", "compare")

    def prepare(self):
        self.model = ref.load_model()
        self.vocab = self.model.tgt_vocab
        self.src = " ".join(self.words)
        self.decoding = generation_steps(self.model, list(self.words), self.max_steps)
        self.tops = [top_k(s["dist"], self.bars_k) for s in self.decoding]  # (ids, probs)
        self.generated = [self.vocab[s["chosen"]] for s in self.decoding]
        self.out = " ".join(t for t in self.generated if t != ref.EOS)
        target = self.target.split() if self.target else reference_target(self.words)
        self.target_from_model = target is None
        self.tgt = self.out.split() if target is None else list(target)
        self.forced = teacher_forcing(self.model, list(self.words), self.tgt)
        self.mask = ref.causal_mask(len(self.forced["tgt_in"])).astype(float)
        self.work = decoder_work(len(self.decoding))
        self.agreement = prefix_agreement(self.decoding, self.forced)  # (count, max diff)

    # ------------------------------------------------------------------ helpers
    def words_of(self, ids):
        return [self.vocab[i] for i in ids]

    # ------------------------------------------------------------------ 1
    def idea(self):
        theme = self.theme
        v = len(self.vocab)
        self.say("idea.say1", src=self.src)
        src_l = label(self.t("idea.source"), th.SMALL, theme.muted)
        src = small_tokens(list(self.words), theme.blue)
        source = VGroup(src_l, src).arrange(DOWN, buff=0.2).move_to([-4.6, 2.0, 0])
        enc = Block(self.t("idea.encoder"), theme.blue, 2.6, 0.9, th.BODY)
        enc.move_to([-4.6, -0.3, 0])
        once = label(self.t("idea.once"), th.TINY, theme.blue).next_to(enc, DOWN, buff=0.2)
        self.play(FadeIn(source), FadeIn(enc), FadeIn(once),
                  FadeIn(flow_arrow(src.get_bottom(), enc.get_top())), run_time=0.8)
        self.say("idea.say2")
        dec = Block(self.t("idea.decoder"), theme.orange, 2.6, 0.9, th.BODY)
        dec.move_to([0.6, -0.3, 0])
        memory = flow_arrow(enc.get_right(), dec.get_left())
        mem_l = label(self.t("idea.memory"), th.TINY, theme.muted).next_to(memory, UP, 0.1)
        dec_in = label(self.t("idea.dec_input"), th.SMALL, theme.orange)
        dec_in.move_to([0.6, -2.3, 0])
        nxt = label(self.t("idea.next"), th.SMALL, theme.green).move_to([0.6, 2.3, 0])
        ins = VGroup(flow_arrow(dec_in.get_top(), dec.get_bottom()),
                     flow_arrow(dec.get_top(), nxt.get_bottom()))
        self.play(FadeIn(dec), FadeIn(memory), FadeIn(mem_l), FadeIn(dec_in), FadeIn(ins),
                  FadeIn(nxt), run_time=0.8)
        loop = loop_arrow(nxt.get_right() + RIGHT * 0.1, dec_in.get_right() + RIGHT * 0.1,
                          theme.orange)
        fed = label(self.t("idea.feedback"), th.SMALL, theme.orange)
        fed.next_to(loop, RIGHT, buff=0.2)
        self.play(Create(loop), FadeIn(fed), run_time=0.8)
        self.say("idea.say3", v=v)
        dist = self.text("idea.dist", th.TINY, theme.muted, v=v)
        dist.next_to(ins[1], LEFT, buff=0.25)
        self.play(FadeIn(dist), run_time=0.5)

    # ------------------------------------------------------------------ 2
    def decode(self):
        theme = self.theme
        n = len(self.decoding)
        src = label(f"{self.t('idea.source')}:  {self.src}", th.SMALL, theme.blue)
        src.to_edge(LEFT, buff=0.5).set_y(2.55)
        # the table: step | decoder input | top tokens | chosen
        xs = [-6.75, -6.1, -1.6, 4.75]
        row_h = min(0.55, 3.6 / n)
        top_y = 0.35
        top_title = self.text("decode.col_top", th.TINY, theme.muted, weight="BOLD",
                              k=self.table_k)
        header = column_header([self.t("decode.col_step"), self.t("decode.col_input"), top_title,
                                self.t("decode.col_chosen")], xs, 0.85)
        self.play(FadeIn(src), FadeIn(header), run_time=0.6)
        panel, marker = None, None
        chosen_cells = VGroup()
        size = th.SMALL if row_h >= 0.5 else th.TINY
        for t, (s, (ids, probs)) in enumerate(zip(self.decoding, self.tops)):
            y = top_y - t * row_h
            word = self.vocab[s["chosen"]]
            row = TableRow(t + 1, self.words_of(s["input"]), self.words_of(ids[: self.table_k]),
                           probs[: self.table_k], word, xs, "decode.step", "decode.top",
                           self.decimals, size)
            row.set_y(y)
            new_panel = self.step_panel(t, s["dist"], ids, probs)
            new_marker = SurroundingRectangle(VGroup(row.step, row.input), color=theme.yellow,
                                              buff=0.06, stroke_width=2)
            if t == 0:
                self.say("decode.say_first", decimals={"t": 0, "p": self.decimals}, t=t + 1,
                         word=word, p=float(probs[0]))
            else:
                self.say("decode.say_step", decimals={"t": 0, "p": self.decimals}, t=t + 1,
                         prefix=" ".join(self.words_of(s["input"])), word=word,
                         p=float(probs[0]))
            outs = [FadeOut(panel), FadeOut(marker)] if panel is not None else []
            self.play(*outs, FadeIn(row.step), FadeIn(row.input), FadeIn(new_panel),
                      Create(new_marker), run_time=0.7)
            bars = new_panel.bars_group
            pick = SurroundingRectangle(VGroup(bars.words[0], bars.bars[0], bars.numbers[0]),
                                        color=theme.green, buff=0.05, stroke_width=2.5)
            new_panel.add(pick)
            self.play(Create(pick), FadeIn(row.top),
                      TransformFromCopy(bars.words[0], row.chosen), run_time=0.8)
            self.add(row)
            chosen_cells.add(row.chosen)
            panel, marker = new_panel, new_marker
        last = self.decoding[-1]["chosen"] == ref.EOS_ID
        if last:
            self.say("decode.say_end", n=n, out=self.out)
        else:
            self.say("decode.say_limit", n=n, out=self.out)
        frame = SurroundingRectangle(chosen_cells, color=theme.green, buff=0.12,
                                     corner_radius=0.08)
        self.play(FadeOut(marker), Create(frame), run_time=0.6)

    def step_panel(self, t, dist, ids, probs):
        """The current step's distribution: title, top tokens as bars, the rest's total."""
        theme = self.theme
        title = self.text("decode.panel", th.SMALL, theme.text, t=t + 1)
        colours = [theme.green] + [theme.blue] * (len(ids) - 1)
        bars = ProbBars(self.words_of(ids), probs, "decode.bars", self.decimals, bar_width=2.4,
                        colours=colours, size=th.TINY, row_h=0.33)
        rest = np.delete(dist, ids)  # every other token of the vocabulary
        rest_t = self.text("decode.rest", th.TINY, theme.muted,
                           decimals={"n": 0, "p": self.decimals}, n=len(rest),
                           p=float(rest.sum()))
        group = VGroup(title, bars, rest_t).arrange(DOWN, aligned_edge=LEFT, buff=0.18)
        group.move_to([4.1, 2.3, 0])
        group.bars_group = bars
        return group

    # ------------------------------------------------------------------ 3
    def teacher(self):
        theme = self.theme
        f = self.forced
        n = len(f["tgt_in"])
        tgt = " ".join(self.tgt)
        if self.target_from_model:
            self.say("teacher.say1_model", tgt=tgt)
        else:
            self.say("teacher.say1", tgt=tgt)
        pair = label(f"{self.src}   →   {tgt}", th.BODY, theme.text)
        tag = label(self.t("teacher.pair"), th.SMALL, theme.muted)
        head = VGroup(tag, pair).arrange(RIGHT, buff=0.35).to_edge(LEFT, buff=0.5).set_y(2.6)
        self.play(FadeIn(head), run_time=0.6)
        self.say("teacher.say2")
        inputs, targets = self.words_of(f["tgt_in"]), self.words_of(f["tgt_out"])
        width = max(t.width for t in glyph_groups(inputs + targets, th.SMALL)) + 0.36
        width = min(width, 7.6 / n - 0.12)
        in_row = small_tokens(inputs, theme.orange, width=width)
        out_row = small_tokens(targets, theme.green, width=width)
        x0 = -3.6 + in_row.width / 2
        in_row.move_to([x0, -0.35, 0])
        out_row.move_to([x0, 1.55, 0])
        in_l = label(self.t("teacher.input"), th.TINY, theme.orange)
        out_l = label(self.t("teacher.target"), th.TINY, theme.green)
        for lab, row in ((in_l, in_row), (out_l, out_row)):
            lab.next_to(row, LEFT, buff=0.3)
        dec = Block("", theme.orange, in_row.width, 0.6, fill_opacity=0.15)
        dec.move_to([x0, 0.6, 0])
        one = self.text("teacher.one_pass", th.SMALL, theme.text, n=n)
        one.move_to(dec)
        shifts = VGroup(*(flow_arrow(out_row[i].get_bottom(), in_row[i + 1].get_top(),
                                     theme.muted, buff=0.08).set_stroke(opacity=0.5)
                          for i in range(n - 1)))
        self.play(FadeIn(in_row), FadeIn(in_l), FadeIn(out_row), FadeIn(out_l), run_time=0.8)
        self.play(Create(shifts), run_time=0.8)
        self.say("teacher.say3")
        mask = self.mask
        side = min(2.4, 0.5 * n)
        heat = Heatmap(mask, "teacher.mask", width=side, height=side, diverging=False,
                       as_image=False)
        heat.move_to([2.2, -0.95 - side / 2, 0])
        rows = heat.label_rows(inputs)
        name = label(self.t("teacher.mask"), th.SMALL, theme.yellow)
        caption = label(self.t("teacher.mask_note"), th.TINY, theme.muted)
        VGroup(name, caption).arrange(DOWN, aligned_edge=RIGHT, buff=0.2).next_to(
            rows, LEFT, buff=0.4)
        self.play(FadeOut(shifts), FadeIn(heat), FadeIn(rows), FadeIn(name), FadeIn(caption),
                  run_time=0.8)
        self.say("teacher.say4", n=n)
        self.play(FadeIn(dec), FadeIn(one), run_time=0.6)

    # ------------------------------------------------------------------ 4
    def loss(self):
        theme = self.theme
        f = self.forced
        n = len(f["tgt_out"])
        cell_w = min(1.35, 9.6 / n)
        self.say("loss.say1")
        p = NumberMatrix(f["p_correct"], "loss.p", self.decimals, cell_w=cell_w,
                         size=th.SMALL, brackets=False, color=theme.blue)
        nll = NumberMatrix(f["nll"], "loss.nll", self.decimals, cell_w=cell_w,
                           size=th.SMALL, brackets=False, color=theme.orange)
        x0 = -3.2
        grid = []
        rows = [(self.t("loss.sees_row"), glyph_groups(self.words_of(f["tgt_in"]), th.SMALL,
                                                       theme.muted), 2.3),
                (self.t("loss.target_row"), glyph_groups(self.words_of(f["tgt_out"]), th.SMALL,
                                                        theme.green), 1.7),
                (self.t("loss.p_row"), p, 1.0), (self.t("loss.nll_row"), nll, 0.4)]
        labels = VGroup()
        for text, row, y in rows:
            if isinstance(row, NumberMatrix):
                row.move_to([x0 + (n - 1) * cell_w / 2, y, 0])
            else:
                line_y = row.get_y()  # one shift per line keeps the words on one baseline
                for j, word in enumerate(row):
                    word.shift([x0 + j * cell_w - word.get_x(), y - line_y, 0])
            grid.append(row)
            labels.add(label(text, th.SMALL, theme.muted).move_to([-6.7, y, 0],
                                                                  aligned_edge=LEFT))
        self.play(FadeIn(VGroup(*grid[:2])), FadeIn(labels[:2]), run_time=0.6)
        self.play(FadeIn(p), FadeIn(labels[2]), run_time=0.6)
        self.play(FadeIn(nll), FadeIn(labels[3]), run_time=0.6)
        # -log p as bars under the numbers (the tallest one is the hardest position)
        top = float(f["nll"].max())
        bars = VGroup()
        for j, value in enumerate(f["nll"]):
            bar = Rectangle(width=cell_w * 0.5, height=max(1.3 * value / top, 0.02),
                            stroke_width=0, fill_color=theme.orange, fill_opacity=0.85)
            bar.move_to([x0 + j * cell_w, -0.05, 0], aligned_edge=UP)
            bars.add(bar)
        hard = int(np.argmax(f["nll"]))
        word = self.vocab[f["tgt_out"][hard]]
        self.say("loss.say2", decimals=self.decimals, word=word, p=float(f["p_correct"][hard]),
                 nll=float(f["nll"][hard]))
        frame = SurroundingRectangle(VGroup(grid[1][hard], nll.entry(0, hard), bars[hard]),
                                     color=theme.yellow, buff=0.1)
        self.play(FadeIn(bars), Create(frame), run_time=0.8)
        self.say("loss.say3", decimals={"n": 0, "loss": self.decimals}, n=n, loss=f["loss"])
        mean = NumberMathTex(MEAN_LOSS, "loss.mean", decimals={"n": 0, "loss": self.decimals},
                             color=theme.text, font_size=44, n=n, loss=f["loss"])
        mean.move_to([0, -2.5, 0])
        box = SurroundingRectangle(mean, color=theme.green, buff=0.2, corner_radius=0.1)
        self.play(FadeIn(mean), Create(box), run_time=0.8)

    # ------------------------------------------------------------------ 5
    def compare(self):
        theme = self.theme
        work = self.work
        count, diff = self.agreement
        n_forced = len(self.forced["tgt_in"])
        panels = VGroup()
        for key, colour, passes, positions, how, inp, rows in (
                ("inference", theme.orange, work["gen_passes"], work["gen_positions"],
                 "sequential", "own", range(1, work["gen_passes"] + 1)),
                ("training", theme.green, work["tf_passes"], n_forced, "parallel",
                 "reference", [n_forced])):
            lines = VGroup(
                label(self.t(f"compare.{key}"), th.BODY, colour, weight="BOLD"),
                self.text("compare.passes", th.SMALL, n=passes),
                self.text("compare.positions", th.SMALL, n=positions),
                label(self.t(f"compare.{how}"), th.SMALL, theme.muted),
                label(self.t(f"compare.{inp}"), th.SMALL, theme.muted),
            ).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
            panels.add(VGroup(lines, self.runs(rows, colour)))
        for panel in panels:
            panel[1].next_to(panel[0], DOWN, buff=0.35).align_to(panel[0], LEFT)
        panels.arrange(RIGHT, buff=1.2, aligned_edge=UP).move_to([0, 0.25, 0])
        self.say("compare.say1", n=work["gen_passes"], pos=work["gen_positions"])
        self.play(FadeIn(panels[0]), run_time=0.8)
        self.say("compare.say2", passes=work["tf_passes"], n=n_forced)
        self.play(FadeIn(panels[1]), run_time=0.8)
        key = "compare.say_same" if count == n_forced == len(self.decoding) else "compare.say_part"
        self.say(key, decimals={"count": 0, "diff": None}, count=count, diff=diff)
        same = self.text("compare.same", th.SMALL, theme.yellow,
                         decimals={"count": 0, "diff": None}, count=count, diff=diff)
        same.move_to([0, -3.0, 0])
        self.play(FadeIn(same), run_time=0.6)

    def runs(self, lengths, colour, cell=0.2, gap=0.05):
        """One row of squares per decoder run, one square per position it computes."""
        group = VGroup()
        for i, length in enumerate(lengths):
            row = VGroup(*(Square(cell, stroke_width=1, stroke_color=colour, fill_color=colour,
                                  fill_opacity=0.5) for _ in range(length)))
            row.arrange(RIGHT, buff=gap).move_to([0, -i * (cell + gap), 0], aligned_edge=LEFT)
            group.add(row)
        return group
