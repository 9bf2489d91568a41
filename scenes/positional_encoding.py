"""Positional encoding: why order must be injected, the formula, its values, waves, the matrix,
similarity by distance, and embedding + PE as the encoder's input. Every number is computed.

    manim -pql scenes/positional_encoding.py PositionalEncoding
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
    Group,
    SurroundingRectangle,
    VGroup,
    Write,
)

from scenes import reference as ref
from scenes.kit import (
    ColorBar,
    Heatmap,
    LectureScene,
    LinePlot,
    Num,
    NumberMathTex,
    NumberMatrix,
    label,
    token_boxes,
)
from scenes.kit import theme as th

PE_SIN = r"PE_{(pos,\,2i)} = \sin\!\left(\frac{pos}{<<base>>^{\,2i/d_{model}}}\right)"
PE_COS = r"PE_{(pos,\,2i+1)} = \cos\!\left(\frac{pos}{<<base>>^{\,2i/d_{model}}}\right)"
PE_EXAMPLE = (r"PE_{(<<pos>>,\,<<dim>>)} = \sin\!\left(\frac{<<pos>>}{<<base>>^{\,<<dim>>/<<d>>}}"
              r"\right) =")


class PositionalEncoding(LectureScene):
    swap = (0, -1)  # the two words of the sentence that trade places (first and last)
    shown_dims = 6  # PE columns shown before the "⋯" and the last column
    order_cols = 3  # columns of the layer outputs shown (with "⋯" and the last one)
    decimals = 3
    example = (1, 0)  # (pos, dim) of the worked example of the formula
    wave_dims = (0, 4, 8, 16)  # even dimensions (sin) plotted as waves, high to low frequency
    wave_positions = 40
    heatmap_positions = 50
    similarity_from = (0, 10)  # two starting positions whose dot-product curves coincide
    max_distance = 40
    focus = 1  # index in the sentence of the word whose embedding + PE is shown

    steps = ("order", "formula", "values", "waves", "heatmap", "similarity", "input")

    def prepare(self):
        self.model = ref.load_model()
        params, cfg = self.model.params, self.model.config
        self.d = cfg.d_model
        self.ids = self.model.src_ids(" ".join(self.words))
        self.n = n = len(self.words)
        # order: the first encoder layer on the embeddings alone, and with two words swapped
        self.a, self.b = (i % n for i in self.swap)
        self.perm = list(range(n))
        self.perm[self.a], self.perm[self.b] = self.perm[self.b], self.perm[self.a]
        x = ref.token_embedding(params["src_embed"], self.ids)  # no PE
        self.out, self.out_perm, self.diff = ref.permutation_check(params["encoder"][0], x,
                                                                   cfg.n_heads, self.perm)
        # formula: one worked value
        self.base = ref.PE_BASE
        pos, dim = self.example
        self.value = ref.positional_encoding(pos + 1, self.d)[pos, dim]
        # values: the sentence's PE
        self.pe = ref.positional_encoding(n, self.d)
        # waves: sin columns as curves (fine) and at whole positions (dots)
        self.fine = np.linspace(0, self.wave_positions, 8 * self.wave_positions + 1)
        self.whole = np.arange(self.wave_positions + 1)
        pe_wave = ref.positional_encoding(self.wave_positions + 1, self.d)
        self.wave = {dim: (ref.pe_curve(dim, self.fine, self.d), pe_wave[:, dim],
                           ref.pe_wavelength(dim // 2, self.d)) for dim in self.wave_dims}
        # heatmap: the PE of the first positions
        self.pe_heat = ref.positional_encoding(self.heatmap_positions, self.d)
        # similarity: PE dot products by distance from two starts, and within the sentence
        p, q = self.similarity_from
        self.dist = np.arange(self.max_distance + 1)
        self.dots_p = ref.pe_dot_by_distance(p, self.max_distance, self.d)
        self.dots_q = ref.pe_dot_by_distance(q, self.max_distance, self.d)
        self.top = float(np.ceil(self.dots_p.max()))
        self.sims = self.pe @ self.pe.T
        # input: embedding + PE of the focus word
        self.i = i = self.focus % n
        table = params["src_embed"]
        self.emb_i = ref.token_embedding(table, self.ids)[i]
        self.pe_i = self.pe[i]
        self.x_i = ref.embed(table, self.ids)[i]

    # ------------------------------------------------------------------ 1
    def order(self):
        n, a, b, perm = self.n, self.a, self.b, self.perm
        out, out_perm, diff = self.out, self.out_perm, self.diff
        self.say("order.say1")
        tokens = token_boxes(list(self.words)).move_to(UP * 1.75)
        self.play(FadeIn(tokens), run_time=0.6)
        self.say("order.say2")
        caption = label(self.t("order.caption"), th.SMALL, self.theme.muted).move_to(UP * 0.7)
        left = NumberMatrix(out, "order.out", self.decimals, max_cols=self.order_cols,
                            row_labels=list(self.words), size=th.SMALL, cell_w=1.05,
                            cell_h=0.5)
        title_l = label(self.t("order.original"), th.SMALL, self.theme.blue)
        left_g = VGroup(title_l, left).arrange(DOWN, buff=0.25)
        left_g.move_to(LEFT * 3.55 + DOWN * 0.75)
        self.play(FadeIn(caption), FadeIn(left_g), run_time=0.8)
        self.say("order.say3", a=self.words[a], b=self.words[b])
        swapped_words = [self.words[i] for i in perm]
        target = VGroup(*(tokens[i].copy() for i in perm)).arrange(RIGHT, buff=0.25)
        target.move_to(tokens)
        self.play(tokens[a].animate.move_to(target[b]), tokens[b].animate.move_to(target[a]),
                  *(tokens[i].animate.move_to(target[i]) for i in range(n) if i not in (a, b)),
                  run_time=1.0)
        right = NumberMatrix(out_perm, "order.out_swapped", self.decimals,
                             max_cols=self.order_cols, row_labels=swapped_words, size=th.SMALL,
                             cell_w=1.05, cell_h=0.5)
        title_r = label(self.t("order.swapped"), th.SMALL, self.theme.orange)
        right_g = VGroup(title_r, right).arrange(DOWN, buff=0.25)
        right_g.move_to(RIGHT * 3.55 + DOWN * 0.75)
        self.play(FadeIn(right_g), run_time=0.8)
        self.say("order.say4")
        boxes = VGroup(SurroundingRectangle(left.row(a), color=self.theme.yellow, buff=0.06),
                       SurroundingRectangle(right.row(b), color=self.theme.yellow, buff=0.06))
        note = self.text("order.diff", th.SMALL, decimals=None, diff=diff)
        note.next_to(VGroup(left_g, right_g), DOWN, buff=0.45)
        self.play(Create(boxes), FadeIn(note), run_time=0.8)

    # ------------------------------------------------------------------ 2
    def formula(self):
        base = self.base
        self.say("formula.say1")
        sin = NumberMathTex(PE_SIN, "formula.base", decimals=0, base=base)
        cos = NumberMathTex(PE_COS, "formula.base", decimals=0, base=base)
        eqs = VGroup(sin, cos).arrange(DOWN, buff=0.35).move_to(UP * 1.4)
        self.play(Write(eqs), run_time=1.5)
        legend = VGroup(
            label(self.t("formula.pos"), th.SMALL),
            label(self.t("formula.i"), th.SMALL),
            self.text("formula.d", th.SMALL, d=self.d),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.18).next_to(eqs, DOWN, buff=0.45)
        self.play(FadeIn(legend), run_time=0.8)
        pos, dim = self.example
        value = self.value
        self.say("formula.say2", pos=pos, dim=dim)
        worked = self.worked_example(pos, dim, base, value)
        worked.next_to(legend, DOWN, buff=0.5)
        self.play(FadeIn(worked), run_time=0.8)

    def worked_example(self, pos, dim, base, value):
        """PE_(pos, dim) = sin(pos / base^(dim/d)) = value, the integers exact, the value rounded."""
        lhs = NumberMathTex(PE_EXAMPLE, "formula.example_args",
                            decimals=0, color=self.theme.yellow, pos=pos, dim=dim, d=self.d,
                            base=base)
        rhs = NumberMathTex("<<value>>", "formula.example_value", decimals=self.decimals,
                            color=self.theme.yellow, value=value)
        return VGroup(lhs, rhs).arrange(RIGHT, buff=0.2)

    # ------------------------------------------------------------------ 3
    def values(self):
        n, pe = self.n, self.pe
        self.say("values.say1", n=n, d=self.d)
        rows = [f"{p}  {w}" for p, w in enumerate(self.words)]
        matrix = NumberMatrix(pe, "values.pe", self.decimals, max_cols=self.shown_dims + 2,
                              row_labels=rows, col_labels=[str(j) for j in range(self.d)],
                              size=th.SMALL, cell_w=1.05, cell_h=0.55)
        matrix.move_to(DOWN * 0.1)
        dims = label(self.t("dims") + " →", th.SMALL, self.theme.muted)
        dims.next_to(matrix, UP, buff=0.2).align_to(matrix.grid, LEFT)
        self.play(FadeIn(matrix), FadeIn(dims), run_time=1.0)
        self.say("values.say2")
        first = SurroundingRectangle(matrix.column(0), color=self.theme.blue, buff=0.08)
        last = SurroundingRectangle(matrix.column(self.d - 1), color=self.theme.orange, buff=0.08)
        fast = label(self.t("values.fast"), th.SMALL, self.theme.blue).next_to(first, DOWN)
        slow = label(self.t("values.slow"), th.SMALL, self.theme.orange).next_to(last, DOWN)
        self.play(Create(first), Create(last), FadeIn(fast), FadeIn(slow), run_time=0.8)

    # ------------------------------------------------------------------ 4
    def waves(self):
        fine, whole = self.fine, self.whole
        colours = [self.theme.blue, self.theme.green, self.theme.orange, self.theme.purple]
        self.say("waves.say1")
        plots = Group()
        for k, dim in enumerate(self.wave_dims):
            curve, at_whole, wavelength = self.wave[dim]
            plot = LinePlot({dim: (fine, curve)}, f"waves.dim{dim}",
                            x_range=[0, self.wave_positions, 10], y_range=[-1, 1, 1],
                            width=8.0, height=1.05, colours=[colours[k]],
                            dots={dim: (whole, at_whole)}, axis_numbers=(k == 3),
                            stroke=2.5)
            legend = self.text("waves.legend", th.SMALL, colours[k],
                               decimals={"wavelength": 1}, dim=dim, wavelength=wavelength)
            legend.next_to(plot.axes, RIGHT, buff=0.35)
            plots.add(Group(plot, legend))
        plots.arrange(DOWN, buff=0.18, aligned_edge=LEFT).move_to(DOWN * 0.35)
        for g in plots:
            g[1].align_to(plots[0][1], LEFT)
        pos_label = label(self.t("position") + " pos →", th.TINY, self.theme.muted)
        pos_label.next_to(plots, DOWN, buff=0.1).align_to(plots[0][0], RIGHT)
        for g in plots:
            self.play(FadeIn(g[0].axes), Create(g[0].curves), FadeIn(g[0].dots), FadeIn(g[1]),
                      *([FadeIn(g[0].numbers)] if hasattr(g[0], "numbers") else []),
                      run_time=0.9)
        self.add(pos_label)
        self.say("waves.say2")

    # ------------------------------------------------------------------ 5
    def heatmap(self):
        n_pos = self.heatmap_positions
        pe = self.pe_heat
        self.say("heatmap.say1", n=n_pos, d=self.d)
        heat = Heatmap(pe, "heatmap.pe", width=5.6, height=5.2).move_to(DOWN * 0.45)
        bar = ColorBar(pe.min(), pe.max(), "heatmap.scale", height=4.0)
        bar.next_to(heat, RIGHT, buff=0.35)
        rows = label(self.t("heatmap.rows"), th.SMALL, self.theme.muted)
        rows.next_to(heat, LEFT, buff=0.6)
        cols = label(self.t("heatmap.cols"), th.SMALL, self.theme.muted)
        cols.next_to(heat, UP, buff=0.12)
        ticks = VGroup(
            Num(0, "heatmap.first", 0, th.TINY, self.theme.muted)
            .next_to(heat.cell_center(0, 0), LEFT, buff=heat.cell_w / 2 + 0.1),
            Num(n_pos - 1, "heatmap.last_position", 0, th.TINY, self.theme.muted)
            .next_to(heat.cell_center(n_pos - 1, 0), LEFT, buff=heat.cell_w / 2 + 0.1),
            Num(0, "heatmap.first", 0, th.TINY, self.theme.muted)
            .next_to(heat.cell_center(0, 0), UP, buff=heat.cell_h / 2 + 0.08),
            Num(self.d - 1, "heatmap.last_dim", 0, th.TINY, self.theme.muted)
            .next_to(heat.cell_center(0, self.d - 1), UP, buff=heat.cell_h / 2 + 0.08),
        )
        self.play(FadeIn(heat), FadeIn(bar), FadeIn(rows), FadeIn(cols), FadeIn(ticks),
                  run_time=1.2)
        self.say("heatmap.say2")
        n = self.n
        band = SurroundingRectangle(
            Group(*[heat.outline(i, j) for i in (0, n - 1) for j in (0, self.d - 1)]),
            color=self.theme.yellow, buff=0.02)
        tag = label(self.t("heatmap.sentence"), th.SMALL, self.theme.yellow)
        tag.next_to(band, RIGHT, buff=0.15)
        bar.next_to(heat, RIGHT, buff=0.35 + tag.width).align_to(heat, DOWN)
        self.play(Create(band), FadeIn(tag), run_time=0.8)

    # ------------------------------------------------------------------ 6
    def similarity(self):
        p, q = self.similarity_from
        k, dots_p, dots_q, top = self.dist, self.dots_p, self.dots_q, self.top
        self.say("similarity.say1", p=p, q=q)
        plot = LinePlot({p: (k, dots_p), q: (k, dots_q)}, "similarity.dots",
                        x_range=[0, self.max_distance, 10], y_range=[0, top, top / 4],
                        width=6.4, height=3.6, colours=[self.theme.blue, self.theme.orange],
                        x_label=self.t("similarity.x"), y_label=self.t("similarity.y"),
                        dashed=(q,), stroke=4)
        plot.to_edge(LEFT, buff=0.9).shift(DOWN * 0.3)
        legend = VGroup(self.text("similarity.from", th.TINY, self.theme.blue, p=p),
                        self.text("similarity.from", th.TINY, self.theme.orange, p=q))
        legend.arrange(DOWN, aligned_edge=LEFT, buff=0.1)
        legend.next_to(plot.axes.get_corner(UP + RIGHT), DOWN + LEFT, buff=0.1)
        self.play(FadeIn(plot.axes), FadeIn(plot.numbers), FadeIn(plot.x_label),
                  FadeIn(plot.y_label), run_time=0.6)
        self.play(Create(plot.curves[0]), Create(plot.curves[1]), FadeIn(legend), run_time=1.5)
        self.say("similarity.say2")
        n, sims = self.n, self.sims
        heat = Heatmap(sims, "similarity.sentence", width=0.9 * n, diverging=False,
                       vmin=sims.min(), vmax=sims.max(), show_values=True, decimals=1,
                       size=th.SMALL)
        heat.move_to(RIGHT * 4.2 + DOWN * 0.1)
        names = VGroup(heat.label_rows(list(self.words), th.SMALL),
                       heat.label_cols(list(self.words), th.SMALL))
        title = label(self.t("similarity.matrix"), th.SMALL, self.theme.muted)
        title.next_to(Group(heat, names), UP, buff=0.3)
        self.play(FadeIn(heat), FadeIn(names), FadeIn(title), run_time=1.0)

    # ------------------------------------------------------------------ 7
    def input(self):
        i = self.i
        word, token_id = self.words[i], self.ids[i]
        emb, pe, x = self.emb_i, self.pe_i, self.x_i
        self.say("input.say1", word=word, id=token_id)
        tokens = token_boxes(list(self.words)).move_to(UP * 2.2)
        lookup = self.text("input.lookup", th.SMALL, self.theme.muted, word=word, id=token_id)
        lookup.next_to(tokens, DOWN, buff=0.25)
        highlight = SurroundingRectangle(tokens[i], color=self.theme.yellow, buff=0.06)
        self.play(FadeIn(tokens), Create(highlight), FadeIn(lookup), run_time=0.8)
        width = self.shown_dims + 2
        rows = [
            (self.text("input.embedding", th.SMALL, self.theme.blue, word=word),
             NumberMatrix(emb, "input.embedding", self.decimals, max_cols=width, size=th.SMALL,
                          cell_w=1.0)),
            (self.text("input.pe", th.SMALL, self.theme.green, pos=i),
             NumberMatrix(pe, "input.pe", self.decimals, max_cols=width, size=th.SMALL,
                          cell_w=1.0)),
            (self.text("input.x", th.SMALL, self.theme.orange),
             NumberMatrix(x, "input.x", self.decimals, max_cols=width, size=th.SMALL,
                          cell_w=1.0)),
        ]
        block = VGroup()
        for name, matrix in rows:
            block.add(VGroup(name, matrix).arrange(DOWN, aligned_edge=LEFT, buff=0.12))
        block.arrange(DOWN, aligned_edge=LEFT, buff=0.3).move_to(DOWN * 0.8)
        self.play(FadeIn(block[0]), run_time=0.8)
        self.say("input.say2", pos=i)
        self.play(FadeIn(block[1]), run_time=0.8)
        self.play(FadeIn(block[2], shift=DOWN * 0.1), run_time=0.8)
        self.say("input.say3")
        shape = self.text("input.shape", th.SMALL, self.theme.muted, n=self.n, d=self.d)
        shape.next_to(block, DOWN, buff=0.3).align_to(block, LEFT)
        self.play(FadeIn(shape), run_time=0.6)
        self.play(FadeOut(highlight), run_time=0.3)
