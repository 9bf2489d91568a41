"""The feed-forward network (the notes' "4x MLP"): FFN(x) = max(0, x W1 + b1) W2 + b2 on the
example sentence, in the first encoder layer of the trained model, between its two Add & Norms.
W1 widens every token from d to d_ff hidden units, ReLU switches some off (the real activations
of one token as bars; the share set to zero per token), W2 brings the token back to d. The same
FFN runs on every position alone (permuted tokens give permuted outputs), and it holds most of
a layer's parameters (counted from the config). Every number is computed.

    manim -pql scenes/feed_forward.py FeedForward
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
    Group,
    MathTex,
    SurroundingRectangle,
    TransformFromCopy,
    VGroup,
)

from scenes import reference as ref
from scenes.kit import Heatmap, LectureScene, Num, flow_arrow, label
from scenes.kit import theme as th
from scenes.kit.charts import ElidedMatrix
from scenes.kit.diagram import LayerStack
from scenes.kit.theme import PACE, SPACE
from scenes.parts.feed_forward import LayerBar, legend_row, unit_bars
from scenes.reference import counts
from scenes.reference.feed_forward import (
    alone_check,
    ffn_trace,
    layer_shares,
    permutation_check,
    rotation,
    zero_share,
)

FFN = r"\mathrm{FFN}(x) = \max(0,\; x W_1 + b_1)\, W_2 + b_2"
INPUT = r"a = \mathrm{LayerNorm}\big(x + \mathrm{MHA}(x)\big)"
OUTPUT = r"y = \mathrm{LayerNorm}\big(a + \mathrm{FFN}(a)\big)"
WIDEN = r"\times W_1 + b_1,\ \max(0, \cdot)"
NARROW = r"\times W_2 + b_2"
RELU = r"\max(0,\; z)"
MATH = 36
PERCENT = 100  # a share in [0, 1] is shown in percent

# where every number of the scene comes from (scenes.tools.numbers: the numbers files, the
# player's panel, the handouts); "<record>{key}" is the placeholder key of a text or subtitle
OPS = "scenes.reference.feed_forward"
TRACE = f"{OPS}.ffn_trace"  # the FFN of FeedForward.layer on the sentence, every intermediate
SHARES = f"{OPS}.layer_shares"  # where one layer's parameters are, from a config
ORIGINS = {
    "{n}": "settings.sentence: its number of words",
    "{d}": "model.config.d_model",
    "{dff}": "model.config.d_ff",
    "*place.times{n}": "model.config.n_encoder_layers",
    "widen.x": f"{TRACE}: x, the FFN's input (LN1's output)",
    "widen.hidden": f"{TRACE}: hidden = ReLU(x W1 + b1)",
    "widen.out": f"{TRACE}: out = hidden W2 + b2",
    "*{r}": "model.config.d_ff: over d_model",
    "relu.pre": f"{TRACE}: pre = x W1 + b1 of the word FeedForward.focus",
    "relu.hidden": f"{TRACE}: hidden = ReLU(pre) of the word",
    "*relu.*{lo}": f"{TRACE}: the smallest of the word's pre",
    "*relu.*{hi}": f"{TRACE}: the largest of the word's pre",
    "*relu.*{k}": f"{TRACE}: the word's units with pre <= 0 (switched off)",
    "*relu.*{share}": f"{TRACE}: the share of the word's units switched off, in percent",
    "zeros.hidden": f"{TRACE}: hidden, every word",
    "zeros.share": f"{OPS}.zero_share: each word's share of units at exactly 0, in percent",
    "*zeros.say2{share}": f"{OPS}.zero_share: its mean over the words, in percent",
    "*zeros.say3{dead}": f"{TRACE}: the units at 0 for every word",
    "*zeros.say3{alive}": f"{TRACE}: the units above 0 for every word",
    "*zeros.dead{k}": f"{TRACE}: the units at 0 for every word",
    "*zeros.alive{k}": f"{TRACE}: the units above 0 for every word",
    "positionwise.out": f"{OPS}.permutation_check: FFN(x)",
    "positionwise.out_perm": f"{OPS}.permutation_check: FFN(P x), the tokens rotated "
                             f"({OPS}.rotation)",
    "*positionwise.*{diff}": f"{OPS}.permutation_check: max |FFN(P x) - P FFN(x)|",
    "*positionwise.alone{diff}": f"{OPS}.alone_check: max |FFN(x_i) - FFN(x)_i|",
    "*params.say1{w}": f"{SHARES}: w1 + w2 of the model's config",
    "*params.w1{count}": f"{SHARES}: w1 = d d_ff + d_ff",
    "*params.w2{count}": f"{SHARES}: w2 = d_ff d + d",
    "*params.say2{share}": f"{SHARES}: ffn_share_encoder of the model's config, in percent",
    "*params.say3{share}": f"{SHARES}: ffn_share_decoder of the model's config, in percent",
    "*params.say4{d}": "scenes.reference.counts.PAPER_BASE.d_model",
    "*params.say4{dff}": "scenes.reference.counts.PAPER_BASE.d_ff",
    "*params.say4{share}": f"{SHARES}: ffn_share_encoder of counts.PAPER_BASE, in percent",
    "*params.say5{share}": "scenes.reference.counts.model_counts: the FFNs of every layer over "
                           "the model's total, in percent",
    "params.tiny.*": f"{SHARES}: attention, ffn, norms of a layer of the model's config",
    "params.paper.*": f"{SHARES}: attention, ffn, norms of a layer of counts.PAPER_BASE",
    "*params.tiny_*{d}": "model.config.d_model",
    "*params.paper_*{d}": "scenes.reference.counts.PAPER_BASE.d_model",
    "*params.share{share}": f"{SHARES}: ffn_share_encoder, ffn_share_decoder (the model's), "
                            "ffn_share_encoder (the paper's), in percent",
    "*params.attention{v}": f"{SHARES}: attention, of each layer shown",
    "*params.ffn{v}": f"{SHARES}: ffn, of each layer shown",
    "*params.norms{v}": f"{SHARES}: norms, of each layer shown",
}


class FeedForward(LectureScene):
    layer = 0  # the encoder layer whose FFN is followed (its input: that layer's LN1 output)
    focus = 0  # index in the sentence of the token whose hidden units are drawn
    decimals = 2
    percent_decimals = 1
    max_cols = 6  # columns of an [n, d] matrix shown (the first ones, "⋯", the last)
    hidden_width = 9.0  # scene units of the d_ff-wide heatmap (the d-wide ones in proportion)
    row_h = 0.32  # a token's row in the heatmaps
    bar_half = 1.2  # scene units of the tallest hidden-unit bar
    layer_bar = (7.0, 0.45)  # a layer's stacked bar: width, height
    origins = ORIGINS  # where every number comes from (scenes.tools.numbers)

    steps = ("place", "widen", "relu", "zeros", "positionwise", "params")

    def prepare(self):
        self.model = ref.load_model()
        cfg = self.config = self.model.config
        self.d, self.d_ff = cfg.d_model, cfg.d_ff
        self.n = len(self.words)
        self.i = self.focus % self.n
        self.word = self.words[self.i]
        ids = self.model.src_ids(" ".join(self.words))
        self.tr = ffn_trace(self.model, ids, self.layer)
        p = self.model.params["encoder"][self.layer]["ffn"]
        # relu, zeros: which hidden units are switched off, per token
        self.off = self.tr["pre"] <= 0
        self.shares = zero_share(self.tr["hidden"])  # [n]
        self.dead = int(np.all(self.tr["hidden"] == 0, axis=0).sum())  # off for every token
        self.alive = int(np.all(self.tr["hidden"] > 0, axis=0).sum())  # on for every token
        # positionwise: the tokens rotated by one place
        self.perm = rotation(self.n)
        self.out, self.out_perm, self.perm_diff = permutation_check(self.tr["x"], p, self.perm)
        self.alone_diff = alone_check(self.tr["x"], p)
        # params: the tiny model's layers and the paper's base model's, from the configs
        self.tiny = layer_shares(cfg)
        self.paper = layer_shares(counts.PAPER_BASE)
        whole = counts.model_counts(self.model)
        n_ffn = cfg.n_encoder_layers + cfg.n_decoder_layers
        self.model_share = n_ffn * whole["encoder_layer"]["ffn"] / whole["total"]

    # ------------------------------------------------------------------ helpers
    def math(self, tex: str, color: str | None = None) -> MathTex:
        """A formula in the theme's text colour (MathTex alone would be white on light too)."""
        return MathTex(tex, color=color or self.theme.text, font_size=MATH)

    def quoted(self, word: str) -> str:
        return f"「{word}」" if self.lang == "zh" else f"“{word}”"

    def percent(self, key: str, share: float, size=th.SMALL, colour=None, **values):
        return self.text(key, size, colour or self.theme.text,
                         decimals={"share": self.percent_decimals},
                         share=PERCENT * share, **values)

    def frame(self, m, colour=None):
        return SurroundingRectangle(m, color=colour or self.theme.yellow, buff=SPACE.hair)

    # ------------------------------------------------------------------ 1
    def place(self):
        t = self.theme
        self.say("place.say1")
        specs = [(self.t("place.mha"), t.orange), (self.t("place.norm"), t.yellow),
                 (self.t("place.ffn"), t.blue), (self.t("place.norm"), t.yellow)]
        stack = LayerStack(specs, norms=tuple(range(1, len(specs), 2)),
                           width=max(label(text, th.SMALL).width for text, _ in specs)
                           + 2 * SPACE.xl, block_h=SPACE.xl, gap=SPACE.lg)
        times = self.text("place.times", th.BODY, n=self.config.n_encoder_layers)
        stack.attach_repeat(times)
        target = stack.blocks[2]
        here = label(self.t("place.here"), th.SMALL, t.red)
        here.next_to(stack.frame, RIGHT, buff=SPACE.sm).match_y(target)
        formula = self.math(FFN, t.blue)
        between = VGroup(self.math(INPUT, t.muted), self.math(OUTPUT, t.yellow))
        alone = VGroup(label(self.t("place.alone"), th.SMALL, t.text),
                       label(self.t("place.same"), th.SMALL, t.muted))
        right = VGroup(formula, *between, *alone).arrange(DOWN, buff=SPACE.lg)
        self.on_stage(VGroup(VGroup(times, stack, here), right).arrange(RIGHT, buff=SPACE.xxl),
                      margin=SPACE.lg)
        self.play(FadeIn(stack), FadeIn(times), run_time=PACE.steady)
        self.play(Create(self.frame(target, t.red)), FadeIn(here), run_time=PACE.beat)
        self.say("place.say2", d=self.d, dff=self.d_ff)
        self.play(FadeIn(formula), run_time=PACE.steady)
        self.say("place.say3")
        self.play(FadeIn(between), run_time=PACE.steady)
        self.say("place.say4")
        self.play(FadeIn(alone), run_time=PACE.beat)

    # ------------------------------------------------------------------ 2
    def widen(self):
        t, n, d, d_ff = self.theme, self.n, self.d, self.d_ff
        unit = self.hidden_width / d_ff
        steps = [self.math(WIDEN, t.muted), self.math(NARROW, t.muted)]
        # a long sentence: thinner rows, so that the texts keep their size
        gaps = 2 * len(steps) + 2  # the margins and the buffs between the five parts
        room = self.stage().height - gaps * SPACE.md - sum(s.height for s in steps)
        row = min(self.row_h, room / (len(steps) + 1) / n)
        maps = [Heatmap(self.tr[key], f"widen.{key}", width=width * unit, height=n * row)
                for key, width in (("x", d), ("hidden", d_ff), ("out", d))]
        column = Group(maps[0], steps[0], maps[1], steps[1], maps[2]).arrange(DOWN,
                                                                             buff=SPACE.md)
        words = [hm.label_rows(list(self.words), th.TINY) for hm in maps]
        for lab in (m for group in words for m in group):  # no taller than a row
            if lab.height > row - SPACE.hair:
                lab.scale_to_fit_height(row - SPACE.hair)
        tags = [self.text("widen.x", th.SMALL, t.text, n=n, d=d),
                self.text("widen.hidden", th.SMALL, t.blue, n=n, dff=d_ff),
                self.text("widen.out", th.SMALL, t.text, n=n, d=d)]
        for tag, hm in zip(tags, maps):
            tag.next_to(hm, RIGHT, buff=SPACE.lg)
        weights = [self.text("widen.w1", th.SMALL, t.muted, d=d, dff=d_ff),
                   self.text("widen.w2", th.SMALL, t.muted, d=d, dff=d_ff)]
        for w, s in zip(weights, steps):
            w.next_to(s, RIGHT, buff=SPACE.lg)
        ratio = d_ff / d
        wider = self.text("widen.ratio", th.SMALL, t.blue,
                          decimals=0 if ratio == int(ratio) else self.decimals, r=ratio)
        wider.next_to(tags[1], DOWN, buff=SPACE.xs).align_to(tags[1], LEFT)
        self.on_stage(Group(column, *words, *tags, *weights, wider), margin=SPACE.md)
        self.say("widen.say1", n=n, d=d)
        self.play(FadeIn(maps[0]), FadeIn(words[0]), FadeIn(tags[0]), run_time=PACE.beat)
        self.say("widen.say2", dff=d_ff, d=d, decimals=0 if ratio == int(ratio)
                 else self.decimals, r=ratio)
        self.play(FadeIn(steps[0]), FadeIn(weights[0]), run_time=PACE.quick)
        self.play(FadeIn(maps[1]), FadeIn(words[1]), FadeIn(tags[1]), FadeIn(wider),
                  run_time=PACE.steady)
        self.say("widen.say3", d=d)
        self.play(FadeIn(steps[1]), FadeIn(weights[1]), run_time=PACE.quick)
        self.play(FadeIn(maps[2]), FadeIn(words[2]), FadeIn(tags[2]), run_time=PACE.beat)

    # ------------------------------------------------------------------ 3
    def relu(self):
        t, i, d_ff = self.theme, self.i, self.d_ff
        pre, hidden, off = self.tr["pre"][i], self.tr["hidden"][i], self.off[i]
        width = self.stage().width - 2 * SPACE.xl
        unit = self.bar_half / float(np.abs(pre).max())
        before = unit_bars(pre, "relu.pre", unit, width, t.blue, off, t.red)
        after = unit_bars(hidden, "relu.hidden", unit, width, t.blue)
        after.next_to(before, DOWN, buff=SPACE.xl)
        title_b = self.text("relu.before", th.SMALL, t.text, word=self.quoted(self.word),
                            dff=d_ff)
        title_a = self.text("relu.after", th.SMALL, t.text)
        relu = self.math(RELU, t.muted)
        title_a = VGroup(title_a, relu).arrange(RIGHT, buff=SPACE.md)
        title_b.next_to(before, UP, buff=SPACE.sm).align_to(before, LEFT)
        title_a.next_to(after, UP, buff=SPACE.sm).align_to(after, LEFT)
        span = self.text("relu.span", th.SMALL, t.muted, decimals=self.decimals,
                         lo=float(pre.min()), hi=float(pre.max()))
        span.next_to(before, UP, buff=SPACE.sm).align_to(before, RIGHT)
        k = int(off.sum())
        zeroed = self.percent("relu.zeroed", k / d_ff, colour=t.red, k=k, dff=d_ff)
        zeroed.next_to(after, DOWN, buff=SPACE.sm).align_to(after, RIGHT)
        self.on_stage(VGroup(title_b, span, before, title_a, after, zeroed), margin=SPACE.md)
        self.say("relu.say1", word=self.word, dff=d_ff)
        self.play(FadeIn(title_b), FadeIn(before), FadeIn(span), run_time=PACE.steady)
        self.say("relu.say2", decimals=self.decimals, lo=float(pre.min()),
                 hi=float(pre.max()))
        self.play(FadeIn(title_a), TransformFromCopy(before, after), run_time=PACE.slow)
        self.say("relu.say3", decimals={"share": self.percent_decimals}, k=k, dff=d_ff,
                 share=PERCENT * k / d_ff)
        self.play(FadeIn(zeroed), run_time=PACE.quick)

    # ------------------------------------------------------------------ 4
    def zeros(self):
        t, n, d_ff = self.theme, self.n, self.d_ff
        hidden = self.tr["hidden"]
        hm = Heatmap(hidden, "zeros.hidden", width=self.hidden_width, height=2 * n * self.row_h,
                     diverging=False, vmax=float(hidden.max()))
        words = hm.label_rows(list(self.words), th.SMALL)
        shares = VGroup(*(Num(PERCENT * s, "zeros.share", self.percent_decimals, th.SMALL,
                              t.red, suffix="%") for s in self.shares))
        for r, num in enumerate(shares):
            num.next_to(hm.cell_center(r, d_ff - 1), RIGHT, buff=hm.cell_w / 2 + SPACE.md)
        head = label(self.t("zeros.share"), th.SMALL, t.red)
        head.next_to(shares, UP, buff=SPACE.sm)
        units = label(self.t("zeros.units"), th.SMALL, t.muted)
        units.next_to(hm, UP, buff=SPACE.sm)
        head.match_y(units)
        facts = VGroup(self.text("zeros.dead", th.SMALL, t.text, k=self.dead, dff=d_ff),
                       self.text("zeros.alive", th.SMALL, t.text, k=self.alive, dff=d_ff))
        facts.arrange(DOWN, aligned_edge=LEFT, buff=SPACE.sm)
        facts.next_to(hm, DOWN, buff=SPACE.lg).align_to(hm, LEFT)
        self.on_stage(Group(hm, words, shares, head, units, facts), margin=SPACE.lg)
        self.say("zeros.say1", dff=d_ff)
        self.play(FadeIn(hm), FadeIn(words), FadeIn(units), run_time=PACE.steady)
        self.say("zeros.say2", decimals={"share": self.percent_decimals},
                 share=PERCENT * float(self.shares.mean()))
        self.play(FadeIn(head), FadeIn(shares, lag_ratio=1 / n), run_time=PACE.beat)
        self.say("zeros.say3", dead=self.dead, alive=self.alive)
        self.play(FadeIn(facts), run_time=PACE.beat)

    # ------------------------------------------------------------------ 5
    def positionwise(self):
        t, n = self.theme, self.n
        order = [self.words[j] for j in self.perm]
        mats = [ElidedMatrix(self.out, "positionwise.out", self.decimals,
                             max_cols=self.max_cols, row_labels=list(self.words)),
                ElidedMatrix(self.out_perm, "positionwise.out_perm", self.decimals,
                             max_cols=self.max_cols, row_labels=order, color=t.orange)]
        Group(*mats).arrange(RIGHT, buff=SPACE.xxl + SPACE.xl)
        titles = [self.math(r"\mathrm{FFN}(x)"), self.math(r"\mathrm{FFN}(P x)", t.orange)]
        for title, m in zip(titles, mats):
            title.next_to(m, UP, buff=SPACE.md)
        top = max(m.get_top()[1] for m in titles)
        for m in titles:
            m.shift(UP * (top - m.get_top()[1]))
        notes = [label(self.t("positionwise.order"), th.SMALL, t.muted),
                 label(self.t("positionwise.rotated"), th.SMALL, t.orange)]
        for note, title in zip(notes, titles):
            note.next_to(title, UP, buff=SPACE.xs)
        checks = VGroup(self.text("positionwise.diff", th.BODY, t.text, decimals=None,
                                  diff=self.perm_diff),
                        self.text("positionwise.alone", th.SMALL, t.muted, decimals=None,
                                  diff=self.alone_diff))
        checks.arrange(DOWN, buff=SPACE.sm)
        checks.next_to(Group(*mats), DOWN, buff=SPACE.xl)
        self.on_stage(Group(*mats, *titles, *notes, checks), margin=SPACE.lg)
        self.say("positionwise.say1", n=n)
        self.play(FadeIn(mats[0]), FadeIn(titles[0]), FadeIn(notes[0]), run_time=PACE.steady)
        self.say("positionwise.say2")
        self.play(FadeIn(mats[1]), FadeIn(titles[1]), FadeIn(notes[1]), run_time=PACE.steady)
        where = int(np.flatnonzero(self.perm == self.i)[0])  # the focus token's new row
        start = [mats[0].brackets.get_right()[0], mats[0].row(self.i).get_y(), 0]
        end = [mats[1].row_labels.get_left()[0], mats[1].row(where).get_y(), 0]
        arrow = flow_arrow(start, end, t.yellow, buff=SPACE.sm)
        self.play(Create(self.frame(mats[0].row(self.i))), Create(self.frame(mats[1].row(where))),
                  Create(arrow), run_time=PACE.beat)
        self.say("positionwise.say3", decimals=None, diff=self.perm_diff)
        self.play(FadeIn(checks[0]), run_time=PACE.quick)
        self.say("positionwise.say4")
        self.play(FadeIn(checks[1]), run_time=PACE.quick)

    # ------------------------------------------------------------------ 6
    def params(self):
        t, d, d_ff = self.theme, self.d, self.d_ff
        colours = [t.orange, t.blue, t.yellow]
        formulas = VGroup(self.text("params.w1", th.SMALL, t.blue, d=d, dff=d_ff,
                                    count=self.tiny["w1"]),
                          self.text("params.w2", th.SMALL, t.blue, d=d, dff=d_ff,
                                    count=self.tiny["w2"]))
        formulas.arrange(DOWN, aligned_edge=LEFT, buff=SPACE.xs)
        width, height = self.layer_bar
        rows = []
        for who, side, shares, cfg in (("tiny", "encoder", self.tiny, self.config),
                                       ("tiny", "decoder", self.tiny, self.config),
                                       ("paper", "encoder", self.paper, counts.PAPER_BASE)):
            c = shares[side]
            parts = [c["attention"], c["ffn"], c["norms"]]
            name = f"params.{who}.{side}"
            title = self.text(f"params.{who}_{side}", th.SMALL, t.text, d=cfg.d_model)
            share = self.percent("params.share", shares[f"ffn_share_{side}"], th.BODY, t.blue)
            legend = legend_row([(colour, self.text(f"params.{key}", th.TINY, t.muted, v=v))
                                 for colour, key, v in zip(colours,
                                                           ("attention", "ffn", "norms"),
                                                           parts)])
            rows.append(LayerBar(parts, name, title, share, legend, width, height, colours))
        table = VGroup(*rows).arrange(DOWN, buff=SPACE.lg)
        for row in rows:  # bars on one left edge, titles right-aligned before them
            row.shift(RIGHT * (rows[0].bar.get_left()[0] - row.bar.get_left()[0]))
        self.on_stage(VGroup(formulas, table).arrange(DOWN, buff=SPACE.xl), margin=SPACE.lg)
        self.say("params.say1", d=d, dff=d_ff, w=self.tiny["w1"] + self.tiny["w2"])
        self.play(FadeIn(formulas), run_time=PACE.beat)
        self.say("params.say2", decimals={"share": self.percent_decimals},
                 share=PERCENT * self.tiny["ffn_share_encoder"])
        self.play(FadeIn(rows[0]), run_time=PACE.steady)
        self.say("params.say3", decimals={"share": self.percent_decimals},
                 share=PERCENT * self.tiny["ffn_share_decoder"])
        self.play(FadeIn(rows[1]), run_time=PACE.beat)
        self.say("params.say4", decimals={"share": self.percent_decimals},
                 d=counts.PAPER_BASE.d_model, dff=counts.PAPER_BASE.d_ff,
                 share=PERCENT * self.paper["ffn_share_encoder"])
        self.play(FadeIn(rows[2]), run_time=PACE.beat)
        self.say("params.say5", decimals={"share": self.percent_decimals},
                 share=PERCENT * self.model_share)
        self.play(Create(SurroundingRectangle(VGroup(*(r.share for r in rows)), color=t.blue,
                                              buff=SPACE.xs)),
                  run_time=PACE.quick)
