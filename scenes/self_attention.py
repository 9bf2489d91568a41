"""Self-attention: the notes' four steps on the example sentence, with one head of the first
encoder layer of the trained model. X, the head's W_Q/W_K/W_V, Q/K/V, the scores, the softmax
(one row written out), the weights, the weighted sum of V, then the formula. Every number is
read from the model's trace.

    manim -pql scenes/self_attention.py SelfAttention
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Brace,
    Create,
    FadeIn,
    FadeOut,
    Group,
    Line,
    MathTex,
    Rectangle,
    SurroundingRectangle,
    TransformFromCopy,
    VGroup,
    Write,
)

from scenes import reference as ref
from scenes.kit import (
    Heatmap,
    LectureScene,
    Num,
    NumberMathTex,
    NumberMatrix,
    flow_arrow,
    label,
)
from scenes.kit import theme as th
from scenes.kit.charts import ElidedMatrix
from scenes.parts.self_attention import Folder, StickyNote
from scenes.reference.self_attention import (
    head_columns,
    head_projection,
    score_entry,
    softmax_steps,
    weighted_sum_terms,
)

D_K = r"d_k = d_{model} / h = <<d>> / <<h>> = <<d_k>>"
X_DEF = r"X = E \cdot \sqrt{d_{model}} + PE"
FORMULA = [r"\mathrm{Attention}(Q, K, V)", "=", r"\mathrm{softmax}\!\left(", "{", "Q",
           "K^{T}", r"\over", r"\sqrt{d_k}", "}", r"\right)", "V"]
MATH = 38  # font size of the formulas' symbols


class SelfAttention(LectureScene):
    head = 0  # the attention head of the first encoder layer that is followed
    focus = 0  # index in the sentence of the word whose softmax and weighted sum are written out
    score_key = 1  # index of the key in the worked score q_focus . k_key
    decimals = 2
    x_cols = 7  # columns of X shown (the first ones, "⋯", the last)
    w_rows = 6  # rows of the head's W_Q/W_K/W_V shown (the first ones, "⋮", the last)

    steps = ("cabinet", "input", "proj", "qkv", "scores", "softmax", "weights", "output",
             "formula")

    def prepare(self):
        self.model = ref.load_model()
        cfg = self.model.config
        self.d, self.d_k, self.n_heads = cfg.d_model, cfg.d_k, cfg.n_heads
        self.n = len(self.words)
        self.i = self.focus % self.n
        self.j = self.score_key % self.n
        self.ids = self.model.src_ids(" ".join(self.words))
        _, trace = ref.encode(self.model.params, cfg, self.ids)
        layer = trace["encoder"][0]  # the first encoder layer: its input is embedding + PE
        self.x = layer["x"]
        attn, h = layer["self_attn"], self.head
        self.q, self.k, self.v = attn["q"][h], attn["k"][h], attn["v"][h]
        self.s, self.a, self.z = attn["scores"][h], attn["weights"][h], attn["heads"][h]
        self.p = self.model.params["encoder"][0]["self_attn"]
        cols = head_columns(self.head, self.d_k)
        self.lo, self.hi = int(cols[0]), int(cols[-1])
        self.part = head_projection(self.p, self.head, self.d_k)
        self.dot, self.root, self.s_ij = score_entry(self.q[self.i], self.k[self.j], self.d_k)
        self.e, self.total, self.a_i = softmax_steps(self.s[self.i])
        self.strongest = np.argmax(self.a, axis=1)
        self.terms, self.z_i = weighted_sum_terms(self.a[self.i], self.v)
        t = self.theme
        self.colour = {"q": t.blue, "k": t.orange, "v": t.green, "s": t.yellow, "w": t.purple,
                       "z": t.red}

    # ------------------------------------------------------------------ helpers
    def sym(self, tex: str, key: str | None = None, size: float = MATH) -> MathTex:
        """A formula symbol in its piece's colour (Q blue, K orange, V green, ...) or the text's."""
        return MathTex(tex, color=self.colour[key] if key else self.theme.text, font_size=size)

    def math(self, *parts: str, size: float = MATH) -> MathTex:
        """A formula in the theme's text colour (MathTex alone would be white on light too)."""
        return MathTex(*parts, color=self.theme.text, font_size=size)

    def matrix(self, array, name, key=None, labels=True, **kw):
        """A fully shown (or elided) matrix of the head, rows named by the sentence's words."""
        kw.setdefault("cell_w", 0.9)
        kw.setdefault("cell_h", min(0.45, 2.4 / self.n))
        return ElidedMatrix(array, name, self.decimals,
                            row_labels=list(self.words) if labels else None,
                            color=self.colour[key] if key else None, **kw)

    def frame(self, m, key=None, buff=0.06):
        return SurroundingRectangle(m, color=self.colour[key] if key else self.theme.yellow,
                                    buff=buff, stroke_width=3)

    # ------------------------------------------------------------------ 1
    def cabinet(self):
        c = self.colour
        self.say("cabinet.say1")
        note = StickyNote([self.t("cabinet.note_title"),
                           self.t("cabinet.note", word=self.words[self.i])], c["q"], width=3.2)
        legend = VGroup(label(self.t("cabinet.keys"), th.SMALL, c["k"]),
                        label(self.t("cabinet.values"), th.SMALL, c["v"]))
        legend.arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        VGroup(note, legend).arrange(RIGHT, buff=1.2).move_to(UP * 1.75)
        width = min(1.8, 11.0 / self.n - 0.35)
        folders = VGroup(*(Folder(w, c["k"], c["v"], width=width) for w in self.words))
        folders.arrange(RIGHT, buff=0.35).move_to(DOWN * 0.55)
        self.play(FadeIn(note, shift=UP * 0.2), run_time=0.8)
        self.say("cabinet.say2")
        self.play(FadeIn(folders, lag_ratio=0.2), FadeIn(legend), run_time=1.2)
        self.say("cabinet.say3")
        # the better a label matches the note, the thicker its line (the real weights)
        links = VGroup(*(Line(note.get_bottom(), f.tab.get_top(), buff=0.08,
                              stroke_color=c["q"], stroke_width=1 + 8 * wj)
                         for f, wj in zip(folders, self.a[self.i])))
        self.play(Create(links, lag_ratio=0.15), run_time=1.0)
        # the mix: one segment per folder, as wide as the weight the focus word gives it
        bar_w, row = 7.0, self.a[self.i]
        segments, x = VGroup(), -bar_w / 2
        for j, wj in enumerate(row):
            seg = Rectangle(width=max(bar_w * wj, 1e-3), height=0.45, stroke_color=self.theme.bg,
                            stroke_width=2, fill_color=c["v"],
                            fill_opacity=0.35 + 0.5 * (j % 2))
            seg.move_to([x + bar_w * wj / 2, 0, 0])
            segments.add(seg)
            x += bar_w * wj
        mix_name = label(self.t("cabinet.mix"), th.SMALL, c["v"])
        mix = VGroup(segments, mix_name)
        mix_name.next_to(segments, LEFT, buff=0.3)
        mix.move_to(DOWN * 2.85)
        feeds = VGroup(*(Line(f.body.get_bottom(), seg.get_top(), buff=0.08,
                              stroke_color=c["v"], stroke_width=1.5, stroke_opacity=0.6)
                         for f, seg in zip(folders, segments)))
        self.play(*(TransformFromCopy(f.sheets, seg) for f, seg in zip(folders, segments)),
                  Create(feeds), FadeIn(mix_name), run_time=1.4)
        self.say("cabinet.say4")

    # ------------------------------------------------------------------ 2
    def input(self):
        self.say("input.say1", n=self.n, d=self.d)
        defn = self.math(X_DEF).move_to(UP * 2.3)
        m = self.matrix(self.x, "input.x", max_cols=self.x_cols, cell_w=1.0)
        shape = self.text("input.shape", th.SMALL, self.theme.muted, n=self.n, d=self.d)
        block = VGroup(m, shape).arrange(DOWN, buff=0.3).next_to(defn, DOWN, buff=0.45)
        self.play(FadeIn(defn), FadeIn(m), run_time=1.0)
        self.play(FadeIn(shape), run_time=0.5)
        self.say("input.say2", head=self.head, heads=self.n_heads, d_k=self.d_k)
        which = self.text("input.head", th.SMALL, self.theme.yellow, head=self.head)
        d_k = NumberMathTex(D_K, "input.d_k", decimals=0, font_size=MATH, d=self.d,
                            h=self.n_heads, d_k=self.d_k)
        VGroup(which, d_k).arrange(DOWN, buff=0.25).next_to(block, DOWN, buff=0.45)
        self.play(FadeIn(which), FadeIn(d_k), run_time=0.8)

    # ------------------------------------------------------------------ 3
    def proj(self):
        lo, hi, part = self.lo, self.hi, self.part
        places = self.decimals + 1  # the weights are small: one more place than the activations
        self.say("proj.say1", d=self.d)
        columns, bands, tags, slices = Group(), VGroup(), VGroup(), VGroup()
        xs = (-4.7, 0.0, 4.7)
        for key, x in zip("qkv", xs):
            name = self.sym(f"W_{key.upper()}", key)
            shape = self.text("proj.full_shape", th.SMALL, self.theme.muted, d=self.d)
            heat = Heatmap(self.p[f"w_{key}"], f"proj.w_{key}", width=1.45)
            title = VGroup(name, shape).arrange(RIGHT, buff=0.3)
            col = Group(title, heat).arrange(DOWN, buff=0.12).move_to([x - 0.6, 1.75, 0])
            left, right = heat.cell_center(0, lo), heat.cell_center(0, hi)
            band = Rectangle(width=right[0] - left[0] + heat.cell_w, height=heat.height,
                             stroke_color=self.colour[key], stroke_width=4)
            band.move_to([(left[0] + right[0]) / 2, heat.get_y(), 0])
            tag = VGroup(self.text("proj.slice", th.SMALL, self.colour[key], lo=lo, hi=hi),
                         self.text("proj.slice_shape", th.SMALL, self.theme.muted, d=self.d,
                                   d_k=self.d_k))
            tag.arrange(DOWN, aligned_edge=LEFT, buff=0.12).next_to(heat, RIGHT, buff=0.2)
            columns.add(col)
            bands.add(band)
            tags.add(tag)
        self.play(FadeIn(columns), run_time=1.0)
        self.say("proj.say2", head=self.head, lo=lo, hi=hi, d_k=self.d_k)
        self.play(Create(bands), FadeIn(tags), run_time=0.8)
        self.say("proj.say3", d=self.d, d_k=self.d_k)
        for key, x, band in zip("qkv", xs, bands):
            w = ElidedMatrix(part[f"w_{key}"], f"proj.w_{key}.head", places,
                             max_rows=self.w_rows, cell_w=0.98, cell_h=0.34)
            b_name = self.sym(f"b_{key.upper()}", key, MATH * 0.8)
            b = ElidedMatrix(part[f"b_{key}"], f"proj.b_{key}.head", places, cell_w=0.98)
            group = VGroup(w, b_name, b).arrange(DOWN, buff=0.12).move_to([x, -1.35, 0])
            arrow = flow_arrow(band.get_bottom(), w.get_top() + UP * 0.05, self.colour[key])
            slices.add(VGroup(arrow, group))
        self.play(FadeIn(slices, lag_ratio=0.2), run_time=1.5)

    # ------------------------------------------------------------------ 4
    def qkv(self):
        self.say("qkv.say1")
        shown = VGroup()
        for key, a in zip("qkv", (self.q, self.k, self.v)):
            K = key.upper()
            tex = self.sym(rf"{K} = X\,W_{K} + b_{K}", key)
            m = self.matrix(a, f"qkv.{key}", key, labels=(key == "q"), cell_w=0.95)
            shape = self.text("qkv.shape", th.SMALL, self.theme.muted, n=self.n, d_k=self.d_k)
            shown.add(VGroup(tex, m, shape))
        for g, x in zip(shown, (-4.25, 0.45, 4.85)):
            g[1].move_to([x, 0.0, 0])
            if g is shown[0]:
                g[1].shift(LEFT * g[1].row_labels.width / 2)
            g[0].next_to(g[1].grid, UP, buff=0.55)
            g[2].next_to(g[1].grid, DOWN, buff=0.4)
        for g in shown:
            self.play(FadeIn(g), run_time=0.8)
        self.say("qkv.say2", n=self.n, d_k=self.d_k)
        rows = VGroup(*(self.frame(g[1].row(self.i), key) for g, key in zip(shown, "qkv")))
        note = label(self.t("qkv.row", word=self.words[self.i]), th.SMALL, self.theme.yellow)
        note.next_to(VGroup(*(g[2] for g in shown)), DOWN, buff=0.45)
        self.play(Create(rows), FadeIn(note), run_time=0.8)

    # ------------------------------------------------------------------ 5
    def scores(self):
        i, j = self.i, self.j
        a, b = self.words[i], self.words[j]
        dot, scale, s = self.dot, self.root, self.s_ij
        self.say("scores.say1")
        q = self.matrix(self.q, "scores.q", "q", cell_w=0.92, cell_h=min(0.42, 2.0 / self.n))
        k = self.matrix(self.k, "scores.k", "k", cell_w=0.92, cell_h=min(0.42, 2.0 / self.n))
        q_name, k_name = self.sym("Q", "q"), self.sym("K", "k")
        left = VGroup(VGroup(q_name, q).arrange(DOWN, buff=0.15),
                      VGroup(k_name, k).arrange(DOWN, buff=0.15)).arrange(DOWN, buff=0.3)
        left.move_to([-3.9, 0.05, 0])
        tex = self.math("S", "=", "{", "Q", "K^{T}", r"\over", r"\sqrt{d_k}", "}")
        tex[0].set_color(self.colour["s"])
        tex[3].set_color(self.colour["q"])
        tex[4].set_color(self.colour["k"])
        tex[6].set_color(self.colour["s"])
        m = NumberMatrix(self.s, "scores.s", self.decimals, row_labels=list(self.words),
                         col_labels=list(self.words), size=th.SMALL, cell_w=1.0,
                         cell_h=min(0.5, 2.6 / self.n), color=self.colour["s"])
        scale_tex = NumberMathTex(r"\sqrt{d_k} = \sqrt{<<d_k>>} = <<scale>>", "scores.scale",
                                  decimals={"d_k": 0, "scale": self.scale_places(scale)},
                                  color=self.colour["s"], font_size=MATH * 0.8, d_k=self.d_k,
                                  scale=scale)
        top = VGroup(tex, scale_tex).arrange(RIGHT, buff=0.6)
        VGroup(top, m).arrange(DOWN, buff=0.45).move_to([3.1, 0.3, 0])
        self.play(FadeIn(left), run_time=0.8)
        self.play(Write(tex), FadeIn(scale_tex), FadeIn(m), run_time=1.0)
        self.say("scores.say2", decimals={"dot": 2, "scale": self.scale_places(scale), "s": 2},
                 a=a, b=b, dot=dot, scale=scale, s=s)
        worked = self.text("scores.worked", th.SMALL, decimals={"dot": 2, "scale":
                                                                self.scale_places(scale), "s": 2},
                           a=a, b=b, dot=dot, scale=scale, s=s)
        worked.move_to(DOWN * 3.05)
        marks = VGroup(self.frame(q.row(i), "q"), self.frame(k.row(j), "k"),
                       self.frame(m.entry(i, j), "s", buff=0.08))
        self.play(Create(marks), FadeIn(worked), run_time=1.0)
        self.say("scores.say3", n=self.n)

    @staticmethod
    def scale_places(scale: float) -> int:
        """√d_k is shown without decimals when it is a whole number (as for d_k = 4)."""
        return 0 if float(scale).is_integer() else 2

    # ------------------------------------------------------------------ 6
    def softmax(self):
        i = self.i
        e, total, w = self.e, self.total, self.a_i
        cell_h = min(0.5, 2.6 / self.n)
        self.say("softmax.say1")
        s = NumberMatrix(self.s, "softmax.s", self.decimals, row_labels=list(self.words),
                         col_labels=list(self.words), size=th.SMALL, cell_w=1.0, cell_h=cell_h,
                         color=self.colour["s"])
        s_name = self.sym("S", "s")
        VGroup(s_name, s).arrange(DOWN, buff=0.3).move_to([-3.6, 0.0, 0])
        mark = self.frame(s.row(i), "w", buff=0.1)
        self.play(FadeIn(s_name), FadeIn(s), run_time=0.8)
        self.play(Create(mark), run_time=0.5)
        # one row written out: key | s_j | e^(s_j) | e^(s_j) / sum
        table = self.matrix(np.stack([self.s[i], e, w], axis=1), "softmax.table",
                            brackets=False, cell_w=1.45, cell_h=cell_h)
        for row in table.grid:
            row[0].set_color(self.colour["s"])
            row[2].set_color(self.colour["w"])
        heads = VGroup(label(self.t("softmax.key"), th.SMALL, self.theme.muted),
                       self.sym("s_j", "s", MATH * 0.8), self.math("e^{s_j}", size=MATH * 0.8),
                       self.sym(r"e^{s_j} / \Sigma", "w", MATH * 0.8))
        table.move_to([3.4, -0.4, 0])
        for hd, g in zip(heads[1:], table.grid[0]):
            hd.next_to(table.grid, UP, buff=0.3).set_x(g.get_x())
        heads[0].set_x(table.row_labels.get_x()).set_y(heads[1].get_y())
        title = self.text("softmax.row", th.SMALL, self.colour["w"], word=self.words[i])
        title.next_to(heads, UP, buff=0.3)
        half = (table.grid.width + 0.3) / 2
        rule = Line(LEFT * half, RIGHT * half, stroke_color=self.theme.muted, stroke_width=2)
        rule.next_to(table.grid, DOWN, buff=0.15)
        sigma = self.math(r"\Sigma", size=MATH * 0.8).next_to(rule, DOWN, buff=0.15)
        sigma.set_x(table.row_labels.get_x())
        sums = VGroup(Num(total, "softmax.sum", self.decimals),
                      Num(w.sum(), "softmax.weight_sum", self.decimals, color=self.colour["w"]))
        for sm, g in zip(sums, table.grid[0][1:]):
            sm.set_x(g.get_x()).set_y(sigma.get_y())
        exps = VGroup(*(r[1] for r in table.grid))
        weights = VGroup(*(r[2] for r in table.grid))
        exps.set_opacity(0)
        weights.set_opacity(0)
        self.play(FadeIn(title), FadeIn(heads[:2]), FadeIn(table), run_time=0.8)
        self.say("softmax.say2", decimals={"total": 2, "one": 2}, word=self.words[i],
                 total=total, one=w.sum())
        self.play(FadeIn(heads[2]), exps.animate.set_opacity(1), run_time=0.8)
        self.play(Create(rule), FadeIn(sigma), FadeIn(sums[0]), run_time=0.6)
        self.play(FadeIn(heads[3]), weights.animate.set_opacity(1), FadeIn(sums[1]),
                  run_time=0.8)
        # every row: the weights matrix fills in row by row
        self.say("softmax.say3")
        self.play(FadeOut(VGroup(title, heads, table, rule, sigma, sums)), run_time=0.5)
        a = NumberMatrix(self.a, "softmax.weights", self.decimals,
                         row_labels=list(self.words), col_labels=list(self.words), size=th.SMALL,
                         cell_w=1.0, cell_h=cell_h, color=self.colour["w"])
        a_name = self.sym(r"\mathrm{softmax}(S)", "w")
        VGroup(a_name, a).arrange(DOWN, buff=0.3).move_to([3.6, 0.0, 0])
        a_name.align_to(s_name, DOWN)
        for row in a.grid:
            row.set_opacity(0)
        self.add(a)
        def arrow_at(r):
            y = s.row(r).get_y()
            return flow_arrow([s.get_right()[0] + 0.15, y, 0], [a.get_left()[0] - 0.15, y, 0],
                              self.colour["w"])

        arrow = arrow_at(i)
        self.play(FadeIn(a_name), FadeIn(arrow), run_time=0.4)
        for r in [i] + [r for r in range(self.n) if r != i]:
            self.play(mark.animate.set_y(s.row(r).get_y()), arrow.animate.become(arrow_at(r)),
                      a.row(r).animate.set_opacity(1), run_time=0.6)

    # ------------------------------------------------------------------ 7
    def weights(self):
        n, w = self.n, self.a
        size = min(1.1, 4.4 / n)
        self.say("weights.say1")
        heat = Heatmap(w, "weights.heatmap", width=size * n, diverging=False,
                       show_values=True, decimals=self.decimals, size=th.SMALL)
        heat.move_to([-1.6, -0.3, 0])
        names = VGroup(heat.label_rows(list(self.words), th.SMALL),
                       heat.label_cols(list(self.words), th.SMALL))
        rows_cap = label(self.t("weights.rows"), th.SMALL, self.colour["q"])
        rows_cap.next_to(names[0], LEFT, buff=0.3)
        cols_cap = label(self.t("weights.cols"), th.SMALL, self.colour["k"])
        cols_cap.next_to(names[1], UP, buff=0.2)
        self.play(FadeIn(heat), FadeIn(names), FadeIn(rows_cap), FadeIn(cols_cap), run_time=1.0)
        strongest = self.strongest
        i, j = self.i, int(strongest[self.i])
        self.say("weights.say2", decimals=self.decimals, a=self.words[i], b=self.words[j],
                 w=w[i, j])
        sums = self.matrix(w.sum(axis=1), "weights.row_sums", labels=False, brackets=False,
                           cell_w=0.9)
        # a column: one sum per row, each beside its row of the heatmap
        col = sums.grid[0]
        for r, cell in enumerate(col):
            cell.move_to(heat.cell_center(r, n - 1) + RIGHT * (size / 2 + 0.55))
        sigma = self.math(r"\Sigma", size=MATH * 0.8).next_to(col, UP, buff=0.2)
        sigma.set_y(names[1].get_y())
        tags = VGroup()
        for r in range(n):
            tag = self.text("weights.strongest", th.SMALL, self.colour["w"],
                            b=self.words[int(strongest[r])])
            tag.next_to(col[r], RIGHT, buff=0.4)
            tags.add(tag)
        outline = heat.outline(i, j, self.theme.text)
        self.play(FadeIn(sums), FadeIn(sigma), run_time=0.6)
        self.play(FadeIn(tags, lag_ratio=0.2), Create(outline), run_time=1.0)

    # ------------------------------------------------------------------ 8
    def output(self):
        i, word = self.i, self.words[self.i]
        terms, z_i = self.terms, self.z_i
        cell_h = min(0.45, 2.2 / self.n)
        self.say("output.say1", word=word)
        w = self.matrix(self.a[i][:, None], "output.weights", "w", brackets=False,
                        cell_h=cell_h)
        v = self.matrix(self.v, "output.v", "v", labels=False, cell_w=0.85, cell_h=cell_h)
        t = self.matrix(terms, "output.terms", labels=False, cell_w=0.85, cell_h=cell_h)
        times = VGroup(*(self.math(r"\times", size=MATH * 0.8).next_to(row, RIGHT, buff=0.3)
                         for row in w.grid))
        v.next_to(times, RIGHT, buff=0.3).align_to(w.grid, UP)
        eq = self.math("=").next_to(v, RIGHT, buff=0.3)
        t.next_to(eq, RIGHT, buff=0.3).align_to(w.grid, UP)
        heads = VGroup(self.sym(r"a_{ij}", "w", MATH * 0.8).next_to(w.grid, UP, buff=0.3),
                       self.sym("v_j", "v", MATH * 0.8).next_to(v, UP, buff=0.2),
                       self.math(r"a_{ij}\,v_j", size=MATH * 0.8).next_to(t, UP, buff=0.2))
        for hd in heads:
            hd.set_y(heads[1].get_y())
        rule = Line(t.get_left(), t.get_right(), stroke_color=self.theme.muted, stroke_width=2)
        rule.next_to(t, DOWN, buff=0.15)
        z = self.matrix(z_i, "output.z_row", "z", labels=False, cell_w=0.85)
        z.next_to(rule, DOWN, buff=0.2)
        new = self.text("output.new", th.SMALL, self.colour["z"], word=word)
        new.next_to(z, LEFT, buff=0.3)
        sigma = label(self.t("output.sum") + " ↓", th.SMALL, self.theme.muted)
        sigma.next_to(rule, RIGHT, buff=0.2)
        table = VGroup(w, times, v, eq, t, heads, rule, z, new, sigma).move_to(DOWN * 0.3)
        self.play(FadeIn(w), FadeIn(heads[0]), run_time=0.6)
        self.play(FadeIn(times), FadeIn(v), FadeIn(heads[1]), run_time=0.8)
        self.say("output.say2")
        self.play(FadeIn(eq), FadeIn(t), FadeIn(heads[2]), run_time=0.8)
        self.play(Create(rule), FadeIn(sigma), FadeIn(z), FadeIn(new), run_time=0.8)
        # every word: Z = A V
        self.say("output.say3", n=self.n, d_k=self.d_k)
        self.play(FadeOut(table), run_time=0.4)
        tex = self.math("Z", "=", r"\mathrm{softmax}(S)", "V")
        for part, key in zip(tex[::1], ("z", None, "w", "v")):
            if key:
                part.set_color(self.colour[key])
        all_z = self.matrix(self.z, "output.z", "z", cell_w=1.0)
        shape = self.text("qkv.shape", th.SMALL, self.theme.muted, n=self.n, d_k=self.d_k)
        note = label(self.t("output.context"), th.SMALL, self.theme.muted)
        VGroup(tex, all_z, shape, note).arrange(DOWN, buff=0.4).move_to(DOWN * 0.1)
        row = self.frame(all_z.row(i), "z")
        self.play(Write(tex), FadeIn(all_z), run_time=1.0)
        self.play(FadeIn(shape), FadeIn(note), Create(row), run_time=0.6)
        self.say("output.say4", heads=self.n_heads)

    # ------------------------------------------------------------------ 9
    def formula(self):
        c = self.colour
        scale = self.root
        self.say("formula.say1")
        pieces = VGroup()
        for key, a, x in zip("qkv", (self.q, self.k, self.v), (-4.5, 0.0, 4.5)):
            m = self.matrix(a, f"formula.{key}", key, labels=False, cell_w=0.92,
                            cell_h=min(0.38, 1.9 / self.n))
            name = self.sym(key.upper(), key)
            pieces.add(VGroup(name, m).arrange(DOWN, buff=0.15).set_x(x))
        pieces.align_to(UP * 2.85, UP)
        self.play(FadeIn(pieces), run_time=1.0)
        f = self.math(*FORMULA, size=MATH * 1.4)
        f.next_to(pieces, DOWN, buff=0.8).set_x(0).set_y(min(f.get_y(), -0.9))
        f[0].set_color(c["z"])
        f[2].set_color(c["w"])
        f[9].set_color(c["w"])
        f[4].set_color(c["q"])
        f[5].set_color(c["k"])
        f[7].set_color(c["s"])
        f[10].set_color(c["v"])
        self.say("formula.say2", decimals={"d_k": 0, "scale": self.scale_places(scale)},
                 d_k=self.d_k, scale=scale)
        self.play(TransformFromCopy(pieces[0][0], f[4]), TransformFromCopy(pieces[1][0], f[5]),
                  run_time=1.0)
        frac = VGroup(f[4], f[5], f[6], f[7])
        up = Brace(frac, UP, buff=0.1, color=c["s"])
        up_lab = label(self.t("formula.scores"), th.SMALL, c["s"]).next_to(up, UP, buff=0.1)
        self.play(Write(f[6]), Write(f[7]), FadeIn(up), FadeIn(up_lab), run_time=1.0)
        self.say("formula.say3")
        soft = VGroup(f[2], frac, f[9])
        down = Brace(soft, DOWN, buff=0.15, color=c["w"])
        down_lab = label(self.t("formula.weights"), th.SMALL, c["w"]).next_to(down, DOWN, 0.1)
        self.play(Write(f[2]), Write(f[9]), FadeIn(down), FadeIn(down_lab), run_time=1.0)
        self.say("formula.say4")
        self.play(TransformFromCopy(pieces[2][0], f[10]), run_time=0.8)
        out = Brace(f[0], DOWN, buff=0.15, color=c["z"])
        out_lab = label(self.t("formula.output"), th.SMALL, c["z"]).next_to(out, DOWN, 0.1)
        self.play(Write(f[0]), Write(f[1]), FadeIn(out), FadeIn(out_lab), run_time=1.0)
