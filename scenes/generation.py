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
    UR,
    Create,
    FadeIn,
    FadeOut,
    Rectangle,
    Square,
    SurroundingRectangle,
    TransformFromCopy,
    VGroup,
    config,
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
from scenes.kit.theme import PACE, SPACE
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

# where every number of the scene comes from (scenes.tools.numbers: the numbers files, the
# player's panel, the handouts); "<record>{key}" is the placeholder key of a text or subtitle
OPS = "scenes.reference.generation"
STEPS = f"{OPS}.generation_steps"  # greedy decoding written out, one decoder pass a token
FORCED = f"{OPS}.teacher_forcing"  # one pass on <bos> + the reference translation
ORIGINS = {
    "*{v}": "model.tgt_vocab: its size",
    "*decode.col_top{k}": "Generation.table_k",
    "*decode.say_*{t}": f"{STEPS}: the step, counted from 1",
    "*decode.say_*{p}": f"{STEPS}: the chosen token's probability ({OPS}.top_k)",
    "decode.step": f"{STEPS}: the step, counted from 1",
    "*decode.panel{t}": f"{STEPS}: the step, counted from 1",
    "decode.bars": f"{OPS}.top_k: the step's Generation.bars_k most likely tokens",
    "*decode.rest{n}": "model.tgt_vocab: its size, less Generation.bars_k",
    "*decode.rest{p}": f"{STEPS}: the probability of every other token",
    "decode.top": f"{OPS}.top_k: each step's Generation.table_k most likely tokens",
    "*decode.say_*{n}": f"{STEPS}: the number of steps",
    "teacher.mask": "scenes.reference.causal_mask: of <bos> + the reference translation",
    "*teacher.*{n}": f"{FORCED}: tgt_in, the decoder's positions",
    "loss.p": f"{FORCED}: p_correct, the probability of each target token",
    "loss.nll": f"{FORCED}: nll = -log p_correct",
    "*loss.say2{p}": f"{FORCED}: p_correct at the largest nll",
    "*loss.say2{nll}": f"{FORCED}: the largest nll",
    "*loss.*{n}": f"{FORCED}: tgt_out, the target tokens",
    "*loss.*{loss}": f"{FORCED}: loss = mean(nll)",
    "*compare.say1{n}": f"{OPS}.decoder_work: gen_passes",
    "*compare.say1{pos}": f"{OPS}.decoder_work: gen_positions",
    "*compare.passes{n}": f"{OPS}.decoder_work: gen_passes, then tf_passes",
    "*compare.positions{n}": f"{OPS}.decoder_work: gen_positions, then teacher forcing's "
                             f"positions ({FORCED} tgt_in)",
    "*compare.say2{passes}": f"{OPS}.decoder_work: tf_passes",
    "*compare.say2{n}": f"{FORCED}: tgt_in, the decoder's positions",
    "*compare.*{count}": f"{OPS}.prefix_agreement: the positions whose prefix agrees",
    "*compare.*{diff}": f"{OPS}.prefix_agreement: max |p_generated - p_forced| there",
}


class Generation(LectureScene):
    target: str | None = None  # the reference English; None: the corpus's translation
    bars_k = 5  # tokens of the current step's distribution drawn as bars
    table_k = 3  # tokens per row of the step table
    decimals = 3  # probabilities and losses
    max_steps = 10  # greedy decoding stops here if the model never says <eos>
    bar_width = 2.4  # a probability bar of the step panel at p = 1
    origins = ORIGINS  # where every number comes from (scenes.tools.numbers)

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
        src_l = label(self.t("idea.source"), th.SMALL, theme.muted)
        src = small_tokens(list(self.words), theme.blue)
        source = VGroup(src_l, src).arrange(DOWN, buff=SPACE.sm)
        enc = Block(self.t("idea.encoder"), theme.blue, size=th.BODY)
        dec = Block(self.t("idea.decoder"), theme.orange, size=th.BODY)
        dec.next_to(enc, RIGHT, buff=enc.width)
        source.next_to(enc, UP, buff=SPACE.xxl)
        once = label(self.t("idea.once"), th.TINY, theme.blue).next_to(enc, DOWN, buff=SPACE.sm)
        memory = flow_arrow(enc.get_right(), dec.get_left())
        mem_l = label(self.t("idea.memory"), th.TINY, theme.muted)
        mem_l.next_to(memory, UP, buff=SPACE.xs)
        dec_in = label(self.t("idea.dec_input"), th.SMALL, theme.orange)
        dec_in.next_to(dec, DOWN, buff=SPACE.xxl)
        nxt = label(self.t("idea.next"), th.SMALL, theme.green).next_to(dec, UP, buff=SPACE.xxl)
        ins = VGroup(flow_arrow(dec_in.get_top(), dec.get_bottom()),
                     flow_arrow(dec.get_top(), nxt.get_bottom()))
        loop = loop_arrow(nxt.get_right() + RIGHT * SPACE.xs,
                          dec_in.get_right() + RIGHT * SPACE.xs, theme.orange)
        fed = label(self.t("idea.feedback"), th.SMALL, theme.orange)
        fed.next_to(loop, RIGHT, buff=SPACE.sm)
        dist = self.text("idea.dist", th.TINY, theme.muted, v=v)
        dist.next_to(ins[1], LEFT, buff=SPACE.md)
        to_enc = flow_arrow(src.get_bottom(), enc.get_top())
        self.on_stage(VGroup(source, enc, once, to_enc, dec, memory, mem_l, dec_in, ins, nxt,
                             loop, fed, dist), margin=0)
        self.say("idea.say1", src=self.src)
        self.play(FadeIn(source), FadeIn(enc), FadeIn(once), FadeIn(to_enc), run_time=PACE.beat)
        self.say("idea.say2")
        self.play(FadeIn(dec), FadeIn(memory), FadeIn(mem_l), FadeIn(dec_in), FadeIn(ins),
                  FadeIn(nxt), run_time=PACE.beat)
        self.play(Create(loop), FadeIn(fed), run_time=PACE.beat)
        self.say("idea.say3", v=v)
        self.play(FadeIn(dist), run_time=PACE.quick)

    # ------------------------------------------------------------------ 2
    def decode(self):
        theme = self.theme
        stage = self.stage()
        n = len(self.decoding)
        src = label(f"{self.t('idea.source')}:  {self.src}", th.SMALL, theme.blue)
        self.under_heading(src, SPACE.md)
        panels = [self.step_panel(t, s["dist"], ids, probs)
                  for t, (s, (ids, probs)) in enumerate(zip(self.decoding, self.tops))]
        for panel in panels:  # the current step's distribution: the stage's top right corner
            panel.move_to([stage.x1 - SPACE.lg, stage.y1, 0], aligned_edge=UR)
        # the table: step | decoder input | top tokens | chosen
        top_title = self.text("decode.col_top", th.TINY, theme.muted, weight="BOLD",
                              k=self.table_k)
        titles = [self.t("decode.col_step"), self.t("decode.col_input"), top_title,
                  self.t("decode.col_chosen")]
        header_y = min(p.get_bottom()[1] for p in panels) - SPACE.md
        free = header_y - stage.y0  # for the header and the rows
        size, row_h = th.SMALL, 0
        for size in (th.SMALL, th.TINY):  # SMALL rows when they fit, else TINY ones
            trial = [self.table_row(t, size, [0, 0, config.frame_width, 2 * config.frame_width])
                     for t in range(n)]
            row_h = max(r.height for r in trial) + SPACE.md
            if (n + 1) * row_h <= free:
                break
        row_h = min(row_h, free / (n + 1))
        header = column_header(titles, [0] * len(titles), 0)
        widths = [max(getattr(r, part).width for r in trial) for part in ("step", "input")]
        widths = [max(w, h.width) for w, h in zip(widths, header)]
        x0 = src.get_left()[0]
        chosen_w = max(max(r.chosen.width for r in trial), header[-1].width)
        xs = [x0, x0 + widths[0] + SPACE.lg, x0 + sum(widths) + SPACE.lg + SPACE.xl,
              stage.x1 - SPACE.lg - chosen_w]
        header = column_header(titles, xs, header_y)
        rows = [self.table_row(t, size, xs).set_y(header_y - (t + 1) * row_h) for t in range(n)]
        self.play(FadeIn(src), FadeIn(header), run_time=PACE.quick)
        panel, marker = None, None
        chosen_cells = VGroup()
        for t, (s, row, new_panel) in enumerate(zip(self.decoding, rows, panels)):
            word, probs = self.vocab[s["chosen"]], self.tops[t][1]
            new_marker = SurroundingRectangle(VGroup(row.step, row.input), color=theme.yellow,
                                              buff=SPACE.hair, stroke_width=2)
            if t == 0:
                self.say("decode.say_first", decimals={"t": 0, "p": self.decimals}, t=t + 1,
                         word=word, p=float(probs[0]))
            else:
                self.say("decode.say_step", decimals={"t": 0, "p": self.decimals}, t=t + 1,
                         prefix=" ".join(self.words_of(s["input"])), word=word,
                         p=float(probs[0]))
            outs = [FadeOut(panel), FadeOut(marker)] if panel is not None else []
            self.play(*outs, FadeIn(row.step), FadeIn(row.input), FadeIn(new_panel),
                      Create(new_marker), run_time=PACE.beat)
            bars = new_panel.bars_group
            pick = SurroundingRectangle(VGroup(bars.words[0], bars.bars[0], bars.numbers[0]),
                                        color=theme.green, buff=SPACE.hair, stroke_width=2)
            new_panel.add(pick)
            self.play(Create(pick), FadeIn(row.top),
                      TransformFromCopy(bars.words[0], row.chosen), run_time=PACE.beat)
            self.add(row)
            chosen_cells.add(row.chosen)
            panel, marker = new_panel, new_marker
        last = self.decoding[-1]["chosen"] == ref.EOS_ID
        self.say("decode.say_end" if last else "decode.say_limit", n=n, out=self.out)
        frame = SurroundingRectangle(chosen_cells, color=theme.green, buff=SPACE.xs,
                                     corner_radius=SPACE.xs)
        self.play(FadeOut(marker), Create(frame), run_time=PACE.quick)

    def table_row(self, t, size, xs):
        """Row t of the step table with its columns' left edges at ``xs``."""
        s, (ids, probs) = self.decoding[t], self.tops[t]
        return TableRow(t + 1, self.words_of(s["input"]), self.words_of(ids[: self.table_k]),
                        probs[: self.table_k], self.vocab[s["chosen"]], xs, "decode.step",
                        "decode.top", self.decimals, size)

    def step_panel(self, t, dist, ids, probs):
        """The current step's distribution: title, top tokens as bars, the rest's total."""
        theme = self.theme
        title = self.text("decode.panel", th.SMALL, theme.text, t=t + 1)
        colours = [theme.green] + [theme.blue] * (len(ids) - 1)
        bars = ProbBars(self.words_of(ids), probs, "decode.bars", self.decimals,
                        bar_width=self.bar_width, colours=colours, size=th.TINY,
                        row_h=SPACE.md)
        rest = np.delete(dist, ids)  # every other token of the vocabulary
        rest_t = self.text("decode.rest", th.TINY, theme.muted,
                           decimals={"n": 0, "p": self.decimals}, n=len(rest),
                           p=float(rest.sum()))
        group = VGroup(title, bars, rest_t).arrange(DOWN, aligned_edge=LEFT, buff=SPACE.sm)
        group.bars_group = bars
        return group

    # ------------------------------------------------------------------ 3
    def teacher(self):
        theme = self.theme
        stage = self.stage()
        f = self.forced
        n = len(f["tgt_in"])
        tgt = " ".join(self.tgt)
        pair = label(f"{self.src}   →   {tgt}", th.BODY, theme.text)
        tag = label(self.t("teacher.pair"), th.SMALL, theme.muted)
        head = self.under_heading(VGroup(tag, pair).arrange(RIGHT, buff=SPACE.md), SPACE.sm)
        inputs, targets = self.words_of(f["tgt_in"]), self.words_of(f["tgt_out"])
        width = max(t.width for t in glyph_groups(inputs + targets, th.SMALL)) + 2 * SPACE.sm
        width = min(width, stage.width / 2 / n - SPACE.xs)  # the rows take half the stage
        in_row = small_tokens(inputs, theme.orange, width=width)
        out_row = small_tokens(targets, theme.green, width=width)
        dec = Block("", theme.orange, in_row.width, in_row.height + 2 * SPACE.xs)
        rows = VGroup(out_row, dec, in_row).arrange(DOWN, buff=SPACE.lg)
        one = self.text("teacher.one_pass", th.SMALL, theme.text, n=n).move_to(dec)
        in_l = label(self.t("teacher.input"), th.TINY, theme.orange)
        out_l = label(self.t("teacher.target"), th.TINY, theme.green)
        for lab, row in ((in_l, in_row), (out_l, out_row)):
            lab.next_to(row, LEFT, buff=SPACE.md)
        shifts = VGroup(*(flow_arrow(out_row[i].get_bottom(), in_row[i + 1].get_top(),
                                     theme.muted, buff=SPACE.xs) for i in range(n - 1)))
        figure = VGroup(rows, one, in_l, out_l, shifts)
        figure.next_to(head, DOWN, buff=SPACE.lg).set_x(stage.center[0])
        side = min(n * in_row.height, in_row.get_bottom()[1] - SPACE.lg - SPACE.xs - stage.y0)
        heat = Heatmap(self.mask, "teacher.mask", width=side, height=side, diverging=False,
                       as_image=False)
        heat.next_to(in_row, DOWN, buff=SPACE.lg).align_to(in_row, RIGHT)
        mask_rows = heat.label_rows(inputs)
        name = label(self.t("teacher.mask"), th.SMALL, theme.yellow)
        caption = label(self.t("teacher.mask_note"), th.TINY, theme.muted)
        VGroup(name, caption).arrange(DOWN, aligned_edge=RIGHT, buff=SPACE.sm).next_to(
            mask_rows, LEFT, buff=SPACE.lg)
        self.say("teacher.say1_model" if self.target_from_model else "teacher.say1", tgt=tgt)
        self.play(FadeIn(head), run_time=PACE.quick)
        self.say("teacher.say2")
        self.play(FadeIn(in_row), FadeIn(in_l), FadeIn(out_row), FadeIn(out_l),
                  run_time=PACE.beat)
        self.play(Create(shifts), run_time=PACE.beat)
        self.say("teacher.say3")
        self.play(FadeOut(shifts), FadeIn(heat), FadeIn(mask_rows), FadeIn(name),
                  FadeIn(caption), run_time=PACE.beat)
        self.say("teacher.say4", n=n)
        self.play(FadeIn(dec), FadeIn(one), run_time=PACE.quick)

    # ------------------------------------------------------------------ 4
    def loss(self):
        theme = self.theme
        stage = self.stage()
        f = self.forced
        n = len(f["tgt_out"])
        texts = [self.t(k) for k in ("loss.sees_row", "loss.target_row", "loss.p_row",
                                     "loss.nll_row")]
        labels = VGroup(*(label(text, th.SMALL, theme.muted) for text in texts))
        words = [glyph_groups(self.words_of(f["tgt_in"]), th.SMALL, theme.muted),
                 glyph_groups(self.words_of(f["tgt_out"]), th.SMALL, theme.green)]
        # a column per position: as wide as its widest word, narrower when there are many
        free = stage.width - 2 * SPACE.lg - labels.width - SPACE.xl
        cell_w = min(max(w.width for row in words for w in row) + SPACE.lg, free / n)
        p = NumberMatrix(f["p_correct"], "loss.p", self.decimals, cell_w=cell_w,
                         size=th.SMALL, brackets=False, color=theme.blue)
        nll = NumberMatrix(f["nll"], "loss.nll", self.decimals, cell_w=cell_w,
                           size=th.SMALL, brackets=False, color=theme.orange)
        grid = [*words, p, nll]
        pitch = max(row.height for row in grid) + SPACE.md
        for i, (row, lab) in enumerate(zip(grid, labels)):
            y = -i * pitch
            if isinstance(row, NumberMatrix):
                row.move_to([(n - 1) * cell_w / 2, y, 0])
            else:
                line_y = row.get_y()  # one shift per line keeps the words on one baseline
                for j, word in enumerate(row):
                    word.shift([j * cell_w - word.get_x(), y - line_y, 0])
            lab.move_to([0, y, 0], aligned_edge=LEFT)
        table = VGroup(*grid)
        labels.shift(RIGHT * (table.get_left()[0] - SPACE.xl - labels.get_right()[0]))
        # -log p as bars under the numbers (the tallest one is the hardest position)
        top = float(f["nll"].max())
        bars = VGroup()
        for j, value in enumerate(f["nll"]):
            bar = Rectangle(width=cell_w / 2, height=max(2 * pitch * value / top, SPACE.hair),
                            stroke_width=0, fill_color=theme.orange, fill_opacity=1)
            bar.move_to([nll.entry(0, j).get_x(), nll.get_bottom()[1] - SPACE.sm, 0],
                        aligned_edge=UP)
            bars.add(bar)
        self.under_heading(VGroup(labels, table, bars))
        hard = int(np.argmax(f["nll"]))
        word = self.vocab[f["tgt_out"][hard]]
        frame = SurroundingRectangle(VGroup(words[1][hard], nll.entry(0, hard), bars[hard]),
                                     color=theme.yellow, buff=SPACE.xs)
        mean = NumberMathTex(MEAN_LOSS, "loss.mean", decimals={"n": 0, "loss": self.decimals},
                             color=theme.text, font_size=th.TITLE, n=n, loss=f["loss"])
        mean.next_to(bars, DOWN, buff=SPACE.xl).set_x(stage.center[0])
        box = SurroundingRectangle(mean, color=theme.green, buff=SPACE.sm,
                                   corner_radius=SPACE.xs)
        self.say("loss.say1")
        self.play(FadeIn(VGroup(*grid[:2])), FadeIn(labels[:2]), run_time=PACE.quick)
        self.play(FadeIn(p), FadeIn(labels[2]), run_time=PACE.quick)
        self.play(FadeIn(nll), FadeIn(labels[-1]), run_time=PACE.quick)
        self.say("loss.say2", decimals=self.decimals, word=word, p=float(f["p_correct"][hard]),
                 nll=float(f["nll"][hard]))
        self.play(FadeIn(bars), Create(frame), run_time=PACE.beat)
        self.say("loss.say3", decimals={"n": 0, "loss": self.decimals}, n=n, loss=f["loss"])
        self.play(FadeIn(mean), Create(box), run_time=PACE.beat)

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
            ).arrange(DOWN, aligned_edge=LEFT, buff=SPACE.sm)
            panels.add(VGroup(lines, self.runs(rows, colour)).arrange(
                DOWN, aligned_edge=LEFT, buff=SPACE.md))
        panels.arrange(RIGHT, buff=SPACE.xxl, aligned_edge=UP)
        same = self.text("compare.same", th.SMALL, theme.yellow,
                         decimals={"count": 0, "diff": None}, count=count, diff=diff)
        self.on_stage(VGroup(panels, same).arrange(DOWN, buff=SPACE.xxl), margin=0)
        self.say("compare.say1", n=work["gen_passes"], pos=work["gen_positions"])
        self.play(FadeIn(panels[0]), run_time=PACE.beat)
        self.say("compare.say2", passes=work["tf_passes"], n=n_forced)
        self.play(FadeIn(panels[1]), run_time=PACE.beat)
        key = ("compare.say_same" if count == n_forced == len(self.decoding)
               else "compare.say_part")
        self.say(key, decimals={"count": 0, "diff": None}, count=count, diff=diff)
        self.play(FadeIn(same), run_time=PACE.quick)

    def runs(self, lengths, colour, cell=SPACE.sm, gap=SPACE.hair):
        """One row of squares per decoder run, one square per position it computes."""
        return VGroup(*(VGroup(*(Square(cell, stroke_width=0, fill_color=colour, fill_opacity=1)
                                 for _ in range(length))).arrange(RIGHT, buff=gap)
                        for length in lengths)).arrange(DOWN, aligned_edge=LEFT, buff=gap)
