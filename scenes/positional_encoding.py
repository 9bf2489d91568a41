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
from scenes.kit.theme import PACE, SPACE

PE_SIN = r"PE_{(pos,\,2i)} = \sin\!\left(\frac{pos}{<<base>>^{\,2i/d_{model}}}\right)"
PE_COS = r"PE_{(pos,\,2i+1)} = \cos\!\left(\frac{pos}{<<base>>^{\,2i/d_{model}}}\right)"
PE_EXAMPLE = (r"PE_{(<<pos>>,\,<<dim>>)} = \sin\!\left(\frac{<<pos>>}{<<base>>^{\,<<dim>>/<<d>>}}"
              r"\right) =")


# where every number of the scene comes from (scenes.tools.numbers: the numbers files, the
# player's panel, the handouts); "<record>{key}" is the placeholder key of a text or subtitle
PE = "scenes.reference.positional_encoding"
ORIGINS = {
    "{n}": "settings.sentence: its number of words",
    "{d}": "model.config.d_model",
    "*{base}": "scenes.reference.PE_BASE",
    "order.out": "scenes.reference.permutation_check: the first encoder layer on the "
                 "sentence's embeddings without PE",
    "order.out_swapped": "scenes.reference.permutation_check: the same layer on the embeddings "
                         "with PositionalEncoding.swap traded",
    "*order.diff": "scenes.reference.permutation_check: max |out_perm - out[perm]|",
    "*{pos}": "PositionalEncoding.example: its position",
    "*{dim}": "PositionalEncoding.example: its dimension",
    "formula.example_value": f"{PE}: PE[pos, dim] of PositionalEncoding.example",
    "values.pe": f"{PE}: the sentence's positions",
    "waves.dim*": "scenes.reference.pe_curve: the wave of the dimension; dots "
                  f"{PE} at whole positions",
    "waves.dim*.x_axis": "PositionalEncoding.wave_positions: every tick_step positions",
    "waves.dim*.y_axis": "PositionalEncoding.wave_dims: sin and cos range over -1 to 1",
    "*waves.legend{dim}": "PositionalEncoding.wave_dims",
    "*waves.legend{wavelength}": "scenes.reference.pe_wavelength: 2 pi base^(2i/d_model)",
    "*heatmap.say1{n}": "PositionalEncoding.heatmap_positions",
    "heatmap.pe": f"{PE}: the first PositionalEncoding.heatmap_positions positions",
    "heatmap.scale.*": f"{PE}: the smallest and largest of the heatmap's values",
    "heatmap.first": f"{PE}: the first position and dimension",
    "heatmap.last_position": "PositionalEncoding.heatmap_positions: the last one",
    "heatmap.last_dim": "model.config.d_model: the last dimension",
    "*similarity.say1{p}": "PositionalEncoding.similarity_from: the first start",
    "*similarity.say1{q}": "PositionalEncoding.similarity_from: the second start",
    "*similarity.from": "PositionalEncoding.similarity_from",
    "similarity.dots": "scenes.reference.pe_dot_by_distance: PE[p] . PE[p + k] for both "
                       "starts p",
    "similarity.dots.x_axis": "PositionalEncoding.max_distance: every tick_step positions",
    "similarity.dots.y_axis": "scenes.reference.pe_dot_by_distance: its largest value rounded "
                              "up, in y_ticks steps",
    "similarity.sentence": f"{PE}: PE @ PE.T of the sentence's positions",
    "*{id}": "model.src_ids: the id of the word PositionalEncoding.focus",
    "*input.say2{pos}": "PositionalEncoding.focus: the word's position",
    "*input.pe{pos}": "PositionalEncoding.focus: the word's position",
    "input.embedding": "scenes.reference.token_embedding: the word's row of src_embed x "
                       "sqrt(d_model)",
    "input.pe": f"{PE}: the word's position",
    "input.x": "scenes.reference.embed: the word's row (embedding x sqrt(d_model) + PE)",
}

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
    cell_w, cell_h = 1.05, 0.5  # a matrix cell
    wave_samples = 8  # points per position of the drawn waves
    tick_step = 10  # positions between the numbers of an axis
    y_ticks = 4  # numbered steps of the similarity plot's y axis
    origins = ORIGINS  # where every number comes from (scenes.tools.numbers)

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
        self.fine = np.linspace(0, self.wave_positions, self.wave_samples * self.wave_positions + 1)
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

    # ------------------------------------------------------------------ helpers
    def matrix(self, array, name, **kw):
        """A matrix of the lecture's numbers, in SMALL type on the scene's cells."""
        kw.setdefault("cell_w", self.cell_w)
        kw.setdefault("cell_h", self.cell_h)
        return NumberMatrix(array, name, self.decimals, size=th.SMALL, **kw)

    def frame(self, m, colour=None, buff=SPACE.hair):
        return SurroundingRectangle(m, color=colour or self.theme.yellow, buff=buff)

    # ------------------------------------------------------------------ 1
    def order(self):
        n, a, b, perm, words = self.n, self.a, self.b, self.perm, list(self.words)
        self.say("order.say1")
        tokens = token_boxes(words, buff=SPACE.md)
        caption = label(self.t("order.caption"), th.SMALL, self.theme.muted)
        left = self.matrix(self.out, "order.out", max_cols=self.order_cols, row_labels=words)
        right = self.matrix(self.out_perm, "order.out_swapped", max_cols=self.order_cols,
                            row_labels=[words[i] for i in perm])
        sides = VGroup(*(VGroup(label(self.t(key), th.SMALL, colour), m)
                         .arrange(DOWN, buff=SPACE.sm)
                         for key, colour, m in (("order.original", self.theme.blue, left),
                                                ("order.swapped", self.theme.orange, right))))
        note = self.text("order.diff", th.SMALL, decimals=None, diff=self.diff)
        self.on_stage(VGroup(tokens, caption, sides.arrange(RIGHT, buff=SPACE.xxl), note)
                   .arrange(DOWN, buff=SPACE.lg))
        self.play(FadeIn(tokens), run_time=PACE.quick)
        self.say("order.say2")
        self.play(FadeIn(caption), FadeIn(sides[0]), run_time=PACE.beat)
        self.say("order.say3", a=words[a], b=words[b])
        target = VGroup(*(tokens[i].copy() for i in perm)).arrange(RIGHT, buff=SPACE.md)
        target.move_to(tokens)
        self.play(tokens[a].animate.move_to(target[b]), tokens[b].animate.move_to(target[a]),
                  *(tokens[i].animate.move_to(target[i]) for i in range(n) if i not in (a, b)),
                  run_time=PACE.steady)
        self.play(FadeIn(sides[1]), run_time=PACE.beat)
        self.say("order.say4")
        boxes = VGroup(self.frame(left.row(a)), self.frame(right.row(b)))
        self.play(Create(boxes), FadeIn(note), run_time=PACE.beat)

    # ------------------------------------------------------------------ 2
    def formula(self):
        base = self.base
        self.say("formula.say1")
        sin = NumberMathTex(PE_SIN, "formula.base", decimals=0, base=base)
        cos = NumberMathTex(PE_COS, "formula.base", decimals=0, base=base)
        eqs = VGroup(sin, cos).arrange(DOWN, buff=SPACE.md)
        legend = VGroup(
            label(self.t("formula.pos"), th.SMALL),
            label(self.t("formula.i"), th.SMALL),
            self.text("formula.d", th.SMALL, d=self.d),
        ).arrange(DOWN, aligned_edge=LEFT, buff=SPACE.sm)
        pos, dim = self.example
        worked = self.worked_example(pos, dim, base, self.value)
        self.on_stage(VGroup(eqs, legend, worked).arrange(DOWN, buff=SPACE.lg))
        self.play(Write(eqs), run_time=PACE.slow)
        self.play(FadeIn(legend), run_time=PACE.beat)
        self.say("formula.say2", pos=pos, dim=dim)
        self.play(FadeIn(worked), run_time=PACE.beat)

    def worked_example(self, pos, dim, base, value):
        """PE_(pos, dim) = sin(pos / base^(dim/d)) = value, the integers exact, the value rounded."""
        lhs = NumberMathTex(PE_EXAMPLE, "formula.example_args",
                            decimals=0, color=self.theme.yellow, pos=pos, dim=dim, d=self.d,
                            base=base)
        rhs = NumberMathTex("<<value>>", "formula.example_value", decimals=self.decimals,
                            color=self.theme.yellow, value=value)
        return VGroup(lhs, rhs).arrange(RIGHT, buff=SPACE.sm)

    # ------------------------------------------------------------------ 3
    def values(self):
        self.say("values.say1", n=self.n, d=self.d)
        rows = [f"{p}  {w}" for p, w in enumerate(self.words)]
        matrix = self.matrix(self.pe, "values.pe", max_cols=self.shown_dims + 2,
                             row_labels=rows, col_labels=[str(j) for j in range(self.d)])
        dims = label(self.t("dims") + " →", th.SMALL, self.theme.muted)
        dims.next_to(matrix, UP, buff=SPACE.sm).align_to(matrix.grid, LEFT)
        first = self.frame(matrix.column(0), self.theme.blue, SPACE.xs)
        last = self.frame(matrix.column(self.d - 1), self.theme.orange, SPACE.xs)
        fast = label(self.t("values.fast"), th.SMALL, self.theme.blue).next_to(first, DOWN)
        slow = label(self.t("values.slow"), th.SMALL, self.theme.orange).next_to(last, DOWN)
        self.on_stage(VGroup(matrix, dims, first, last, fast, slow))
        self.play(FadeIn(matrix), FadeIn(dims), run_time=PACE.steady)
        self.say("values.say2")
        self.play(Create(first), Create(last), FadeIn(fast), FadeIn(slow), run_time=PACE.beat)

    # ------------------------------------------------------------------ 4
    def waves(self):
        stage, last = self.stage(), len(self.wave_dims) - 1
        colours = [self.theme.blue, self.theme.green, self.theme.orange, self.theme.purple]
        self.say("waves.say1")
        legends = [self.text("waves.legend", th.SMALL, colours[k], decimals={"wavelength": 1},
                             dim=dim, wavelength=self.wave[dim][2])
                   for k, dim in enumerate(self.wave_dims)]
        # the plots share the stage's height and take the width the legends leave
        width = stage.width - 2 * SPACE.xxl - max(g.width for g in legends)
        height = stage.height / (len(self.wave_dims) + 2)
        plots = Group()
        for k, (dim, legend) in enumerate(zip(self.wave_dims, legends)):
            curve, at_whole, _ = self.wave[dim]
            plot = LinePlot({dim: (self.fine, curve)}, f"waves.dim{dim}",
                            x_range=[0, self.wave_positions, self.tick_step], y_range=[-1, 1, 1],
                            width=width, height=height, colours=[colours[k]],
                            dots={dim: (self.whole, at_whole)}, axis_numbers=(k == last),
                            stroke=2)
            plots.add(Group(plot, legend.next_to(plot.axes, RIGHT, buff=SPACE.md)))
        plots.arrange(DOWN, buff=SPACE.sm)
        for g in plots:  # the axes one above the other (the last one has numbers beside it)
            g.shift(RIGHT * (plots[0][0].axes.get_left()[0] - g[0].axes.get_left()[0]))
        pos_label = label(self.t("position") + " pos →", th.TINY, self.theme.muted)
        pos_label.next_to(plots, DOWN, buff=SPACE.xs).align_to(plots[0][0], RIGHT)
        self.on_stage(Group(plots, pos_label))
        for g in plots:
            self.play(FadeIn(g[0].axes), Create(g[0].curves), FadeIn(g[0].dots), FadeIn(g[1]),
                      *([FadeIn(g[0].numbers)] if hasattr(g[0], "numbers") else []),
                      run_time=PACE.beat)
        self.add(pos_label)
        self.say("waves.say2")

    # ------------------------------------------------------------------ 5
    def heatmap(self):
        n_pos, pe, muted = self.heatmap_positions, self.pe_heat, self.theme.muted
        self.say("heatmap.say1", n=n_pos, d=self.d)
        side = self.stage().height - SPACE.xxl
        heat = Heatmap(pe, "heatmap.pe", width=side, height=side)
        bar = ColorBar(pe.min(), pe.max(), "heatmap.scale", height=side - SPACE.xxl)
        bar.next_to(heat, RIGHT, buff=SPACE.md).align_to(heat, DOWN)
        rows = label(self.t("heatmap.rows"), th.SMALL, muted).next_to(heat, LEFT, SPACE.xl)
        cols = label(self.t("heatmap.cols"), th.SMALL, muted).next_to(heat, UP, SPACE.xs)
        beside = heat.cell_w / 2 + SPACE.xs  # from a cell's centre to beside the heatmap
        above = heat.cell_h / 2 + SPACE.xs
        ticks = VGroup(
            Num(0, "heatmap.first", 0, th.TINY, muted)
            .next_to(heat.cell_center(0, 0), LEFT, buff=beside),
            Num(n_pos - 1, "heatmap.last_position", 0, th.TINY, muted)
            .next_to(heat.cell_center(n_pos - 1, 0), LEFT, buff=beside),
            Num(0, "heatmap.first", 0, th.TINY, muted)
            .next_to(heat.cell_center(0, 0), UP, buff=above),
            Num(self.d - 1, "heatmap.last_dim", 0, th.TINY, muted)
            .next_to(heat.cell_center(0, self.d - 1), UP, buff=above),
        )
        # the sentence's rows: a band over its first and last positions, all dimensions
        corners = [heat.outline(i, j) for i in (0, self.n - 1) for j in (0, self.d - 1)]
        band = SurroundingRectangle(Group(*corners), color=self.theme.yellow, buff=0)
        tag = label(self.t("heatmap.sentence"), th.SMALL, self.theme.yellow)
        tag.next_to(band, RIGHT, buff=SPACE.sm)
        self.on_stage(Group(heat, bar, rows, cols, ticks, band, tag))
        self.play(FadeIn(heat), FadeIn(bar), FadeIn(rows), FadeIn(cols), FadeIn(ticks),
                  run_time=PACE.steady)
        self.say("heatmap.say2")
        self.play(Create(band), FadeIn(tag), run_time=PACE.beat)

    # ------------------------------------------------------------------ 6
    def similarity(self):
        p, q = self.similarity_from
        stage, words = self.stage(), list(self.words)
        self.say("similarity.say1", p=p, q=q)
        plot = LinePlot({p: (self.dist, self.dots_p), q: (self.dist, self.dots_q)},
                        "similarity.dots", x_range=[0, self.max_distance, self.tick_step],
                        y_range=[0, self.top, self.top / self.y_ticks],
                        width=stage.width / 2 - SPACE.xxl, height=stage.height / 2,
                        colours=[self.theme.blue, self.theme.orange],
                        x_label=self.t("similarity.x"), y_label=self.t("similarity.y"),
                        dashed=(q,))
        legend = VGroup(self.text("similarity.from", th.TINY, self.theme.blue, p=p),
                        self.text("similarity.from", th.TINY, self.theme.orange, p=q))
        legend.arrange(DOWN, aligned_edge=LEFT, buff=SPACE.xs)
        legend.next_to(plot.axes.get_corner(UP + RIGHT), DOWN + LEFT, buff=SPACE.xs)
        heat = Heatmap(self.sims, "similarity.sentence", width=self.cell_w * self.n,
                       diverging=False, vmin=self.sims.min(), vmax=self.sims.max(),
                       show_values=True, decimals=1, size=th.SMALL)
        names = VGroup(heat.label_rows(words, th.SMALL), heat.label_cols(words, th.SMALL))
        title = label(self.t("similarity.matrix"), th.SMALL, self.theme.muted)
        title.next_to(Group(heat, names), UP, buff=SPACE.md)
        self.on_stage(Group(Group(plot, legend), Group(heat, names, title))
                   .arrange(RIGHT, buff=SPACE.xxl))
        self.play(FadeIn(plot.axes), FadeIn(plot.numbers), FadeIn(plot.x_label),
                  FadeIn(plot.y_label), run_time=PACE.quick)
        self.play(Create(plot.curves[0]), Create(plot.curves[1]), FadeIn(legend),
                  run_time=PACE.slow)
        self.say("similarity.say2")
        self.play(FadeIn(heat), FadeIn(names), FadeIn(title), run_time=PACE.steady)

    # ------------------------------------------------------------------ 7
    def input(self):
        i = self.i
        word, token_id = self.words[i], self.ids[i]
        self.say("input.say1", word=word, id=token_id)
        tokens = token_boxes(list(self.words), buff=SPACE.md)
        lookup = self.text("input.lookup", th.SMALL, self.theme.muted, word=word, id=token_id)
        lookup.next_to(tokens, DOWN, buff=SPACE.sm)
        width = self.shown_dims + 2
        rows = (("input.embedding", self.theme.blue, {"word": word}, self.emb_i),
                ("input.pe", self.theme.green, {"pos": i}, self.pe_i),
                ("input.x", self.theme.orange, {}, self.x_i))
        block = VGroup(*(VGroup(self.text(key, th.SMALL, colour, **values),
                                self.matrix(a, key, max_cols=width))
                         .arrange(DOWN, aligned_edge=LEFT, buff=SPACE.xs)
                         for key, colour, values, a in rows))
        block.arrange(DOWN, aligned_edge=LEFT, buff=SPACE.md)
        shape = self.text("input.shape", th.SMALL, self.theme.muted, n=self.n, d=self.d)
        shape.next_to(block, DOWN, buff=SPACE.md).align_to(block, LEFT)
        self.on_stage(VGroup(VGroup(tokens, lookup), VGroup(block, shape))
                   .arrange(DOWN, buff=SPACE.lg))
        highlight = self.frame(tokens[i])
        self.play(FadeIn(tokens), Create(highlight), FadeIn(lookup), run_time=PACE.beat)
        self.play(FadeIn(block[0]), run_time=PACE.beat)
        self.say("input.say2", pos=i)
        self.play(FadeIn(block[1]), run_time=PACE.beat)
        self.play(FadeIn(block[2], shift=DOWN * SPACE.xs), run_time=PACE.beat)
        self.say("input.say3")
        self.play(FadeIn(shape), run_time=PACE.quick)
        self.play(FadeOut(highlight), run_time=PACE.flash)
