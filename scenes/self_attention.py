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
from scenes.kit.theme import PACE, SPACE
from scenes.parts.self_attention import TINT, Folder, StickyNote, columns, fade_stage
from scenes.reference.self_attention import (
    head_columns,
    head_projection,
    score_entry,
    softmax_steps,
    weighted_sum_terms,
)

D_K = r"d_k = d_{model} / h = <<d>> / <<h>> = <<d_k>>"
X_DEF = r"X = E \cdot \sqrt{d_{model}} + PE"
# formulas as their parts: name -> (tex, colour key of the piece it shows, or None)
FORMULA = {"out": (r"\mathrm{Attention}(Q, K, V)", "z"), "eq": ("=", None),
           "soft": (r"\mathrm{softmax}\!\left(", "w"), "open": ("{", None), "q": ("Q", "q"),
           "k": ("K^{T}", "k"), "over": (r"\over", None), "root": (r"\sqrt{d_k}", "s"),
           "close": ("}", None), "right": (r"\right)", "w"), "v": ("V", "v")}
SCORES = {"s": ("S", "s"), "eq": ("=", None), "open": ("{", None), "q": ("Q", "q"),
          "k": ("K^{T}", "k"), "over": (r"\over", None), "root": (r"\sqrt{d_k}", "s"),
          "close": ("}", None)}
OUTPUT = {"z": ("Z", "z"), "eq": ("=", None), "a": (r"\mathrm{softmax}(S)", "w"), "v": ("V", "v")}
# font sizes of the formulas: their symbols, a column's head, the lecture's formula
MATH, MATH_SMALL, MATH_BIG = 38, 30, 53


# where every number of the scene comes from (scenes.tools.numbers: the numbers files, the
# player's panel, the handouts); "<record>{key}" is the placeholder key of a text or subtitle
ENCODE = "scenes.reference.encode"  # the sentence through the encoder, traced
HEAD = "trace encoder[0].self_attn"  # SelfAttention.head of the first layer's attention
OPS = "scenes.reference.self_attention"
ORIGINS = {
    "{n}": "settings.sentence: its number of words",
    "{d}": "model.config.d_model",
    "{h}": "model.config.n_heads",
    "{heads}": "model.config.n_heads",
    "{d_k}": "model.config.d_k",
    "{head}": "SelfAttention.head",
    "input.x": f"{ENCODE}: trace encoder[0].x (embedding x sqrt(d_model) + PE)",
    "proj.w_?": "model.params: encoder.0.self_attn.w_q, w_k, w_v",
    "{lo}": f"{OPS}.head_columns: the head's first column",
    "{hi}": f"{OPS}.head_columns: the head's last column",
    "proj.w_?.head": f"{OPS}.head_projection: the head's columns of W_Q, W_K, W_V",
    "proj.b_?.head": f"{OPS}.head_projection: the head's entries of b_Q, b_K, b_V",
    "qkv.?": f"{ENCODE}: {HEAD}.q, k, v[head]",
    "scores.?": f"{ENCODE}: {HEAD}.q, k[head]",
    "*{dot}": f"{OPS}.score_entry: q_i . k_j of SelfAttention.focus and score_key",
    "*{scale}": f"{OPS}.score_entry: sqrt(d_k)",
    "*{s}": f"{OPS}.score_entry: s_ij = q_i . k_j / sqrt(d_k)",
    "scores.s": f"{ENCODE}: {HEAD}.scores[head]",
    "softmax.s": f"{ENCODE}: {HEAD}.scores[head]",
    "softmax.table": f"{OPS}.softmax_steps: the focus word's scores s_j, exp(s_j) and weights",
    "*softmax.say2{total}": f"{OPS}.softmax_steps: sum of exp(s_j)",
    "*softmax.say2{one}": f"{OPS}.softmax_steps: sum of the weights",
    "softmax.sum": f"{OPS}.softmax_steps: sum of exp(s_j)",
    "softmax.weight_sum": f"{OPS}.softmax_steps: sum of the weights",
    "softmax.weights": f"{ENCODE}: {HEAD}.weights[head]",
    "weights.heatmap": f"{ENCODE}: {HEAD}.weights[head]",
    "*weights.say2{w}": f"{ENCODE}: {HEAD}.weights[head], the focus word's largest",
    "weights.row_sums": f"{ENCODE}: {HEAD}.weights[head], the sum of every row",
    "output.weights": f"{ENCODE}: {HEAD}.weights[head], the focus word's row",
    "output.v": f"{ENCODE}: {HEAD}.v[head]",
    "output.terms": f"{OPS}.weighted_sum_terms: a_ij v_j of the focus word",
    "output.z_row": f"{OPS}.weighted_sum_terms: z_i = sum of a_ij v_j",
    "output.z": f"{ENCODE}: {HEAD}.heads[head] (Z = softmax(S) V)",
    "formula.?": f"{ENCODE}: {HEAD}.q, k, v[head]",
}

class SelfAttention(LectureScene):
    head = 0  # the attention head of the first encoder layer that is followed
    focus = 0  # index in the sentence of the word whose softmax and weighted sum are written out
    score_key = 1  # index of the key in the worked score q_focus . k_key
    decimals = 2
    x_cols = 7  # columns of X shown (the first ones, "⋯", the last)
    w_rows = 6  # rows of the head's W_Q/W_K/W_V shown (the first ones, "⋮", the last)
    cell_w, cell_h = 0.9, 0.42  # a matrix cell
    matrix_h = 2.4  # the most a matrix's rows take together (long sentences: thinner rows)
    heat_w = 1.45  # side of the W_Q/W_K/W_V heatmaps
    heat_cell = 1.1  # side of a cell of the attention-weight heatmap, at most
    folder_w = 1.8  # width of a folder of the cabinet, at most
    link_width = 8  # stroke width added to a cabinet link per unit of weight
    lag = 0.2  # lag_ratio of things that come in one after another
    origins = ORIGINS  # where every number comes from (scenes.tools.numbers)

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

    def formula_tex(self, spec: dict, size: float = MATH) -> tuple[MathTex, dict]:
        """A formula from its parts (see FORMULA), each in its piece's colour; and the parts
        by name."""
        tex = self.math(*(t for t, _ in spec.values()), size=size)
        parts = dict(zip(spec, tex))
        for name, (_, key) in spec.items():
            if key:
                parts[name].set_color(self.colour[key])
        return tex, parts

    def row_h(self, rows: int | None = None) -> float:
        """Row height of a matrix of ``rows`` rows (the sentence's words by default)."""
        return min(self.cell_h, self.matrix_h / (rows or self.n))

    def matrix(self, array, name, key=None, labels=True, **kw):
        """A fully shown (or elided) matrix of the head, rows named by the sentence's words."""
        kw.setdefault("cell_w", self.cell_w)
        kw.setdefault("cell_h", self.row_h())
        return ElidedMatrix(array, name, self.decimals,
                            row_labels=list(self.words) if labels else None,
                            color=self.colour[key] if key else None, **kw)

    def square(self, array, name, key):
        """A words x words matrix (scores, weights) with the words on both sides."""
        return NumberMatrix(array, name, self.decimals, row_labels=list(self.words),
                            col_labels=list(self.words), size=th.SMALL, cell_w=self.cell_w,
                            cell_h=self.row_h(), color=self.colour[key])

    def frame(self, m, key=None, buff=SPACE.xs):
        return SurroundingRectangle(m, color=self.colour[key] if key else self.theme.yellow,
                                    buff=buff)

    # ------------------------------------------------------------------ 1
    def cabinet(self):
        c = self.colour
        self.say("cabinet.say1")
        note = StickyNote([self.t("cabinet.note_title"),
                           self.t("cabinet.note", word=self.words[self.i])], c["q"])
        legend = VGroup(label(self.t("cabinet.keys"), th.SMALL, c["k"]),
                        label(self.t("cabinet.values"), th.SMALL, c["v"]))
        legend.arrange(DOWN, aligned_edge=LEFT, buff=SPACE.md)
        hand = VGroup(note, legend).arrange(RIGHT, buff=SPACE.xxl)
        width = min(self.folder_w, self.stage().width / self.n - SPACE.xl)
        folders = VGroup(*(Folder(w, c["k"], c["v"], width) for w in self.words))
        folders.arrange(RIGHT, buff=SPACE.md)
        # the mix: one segment per folder, as wide as the weight the focus word gives it
        row = self.a[self.i]
        segments = VGroup(*(Rectangle(width=folders.width * wj, height=folders[0].tab.height,
                                      stroke_color=self.theme.bg, stroke_width=2,
                                      fill_color=c["v"],
                                      fill_opacity=(TINT.light, TINT.strong)[j % 2])
                            for j, wj in enumerate(row)))
        segments.arrange(RIGHT, buff=0)
        VGroup(hand, folders, segments).arrange(DOWN, buff=SPACE.xxl)
        mix_name = label(self.t("cabinet.mix"), th.SMALL, c["v"])
        mix_name.next_to(segments, LEFT, buff=SPACE.md)
        self.on_stage(VGroup(hand, folders, segments, mix_name))
        self.play(FadeIn(note, shift=UP * SPACE.sm), run_time=PACE.beat)
        self.say("cabinet.say2")
        self.play(FadeIn(folders, lag_ratio=self.lag), FadeIn(legend), run_time=PACE.steady)
        self.say("cabinet.say3")
        # the better a label matches the note, the thicker its line (the real weights)
        links = VGroup(*(Line(note.get_bottom(), f.tab.get_top(), buff=SPACE.xs,
                              stroke_color=c["q"], stroke_width=1 + self.link_width * wj)
                         for f, wj in zip(folders, row)))
        self.play(Create(links, lag_ratio=self.lag), run_time=PACE.steady)
        feeds = VGroup(*(Line(f.body.get_bottom(), seg.get_top(), buff=SPACE.xs,
                              stroke_color=c["v"], stroke_width=1)
                         for f, seg in zip(folders, segments)))
        self.play(*(TransformFromCopy(f.sheets, seg) for f, seg in zip(folders, segments)),
                  Create(feeds), FadeIn(mix_name), run_time=PACE.slow)
        self.say("cabinet.say4")

    # ------------------------------------------------------------------ 2
    def input(self):
        self.say("input.say1", n=self.n, d=self.d)
        defn = self.math(X_DEF)
        m = self.matrix(self.x, "input.x", max_cols=self.x_cols)
        shape = self.text("input.shape", th.SMALL, self.theme.muted, n=self.n, d=self.d)
        which = self.text("input.head", th.SMALL, self.theme.yellow, head=self.head)
        d_k = NumberMathTex(D_K, "input.d_k", decimals=0, font_size=MATH, d=self.d,
                            h=self.n_heads, d_k=self.d_k)
        self.on_stage(VGroup(defn, VGroup(m, shape).arrange(DOWN, buff=SPACE.md),
                          VGroup(which, d_k).arrange(DOWN, buff=SPACE.md))
                   .arrange(DOWN, buff=SPACE.lg))
        self.play(FadeIn(defn), FadeIn(m), run_time=PACE.steady)
        self.play(FadeIn(shape), run_time=PACE.flash)
        self.say("input.say2", head=self.head, heads=self.n_heads, d_k=self.d_k)
        self.play(FadeIn(which), FadeIn(d_k), run_time=PACE.beat)

    # ------------------------------------------------------------------ 3
    def proj(self):
        lo, hi, muted = self.lo, self.hi, self.theme.muted
        places = self.decimals + 1  # the weights are small: one more place than the activations
        wide = self.cell_w + SPACE.xs  # ... so their cells are a little wider
        self.say("proj.say1", d=self.d)
        panels, tops, heats, tags, slices = Group(), Group(), [], VGroup(), []
        for key in "qkv":
            title = VGroup(self.sym(f"W_{key.upper()}", key),
                           self.text("proj.full_shape", th.SMALL, muted, d=self.d))
            heat = Heatmap(self.p[f"w_{key}"], f"proj.w_{key}", width=self.heat_w)
            top = Group(title.arrange(RIGHT, buff=SPACE.md), heat).arrange(DOWN, buff=SPACE.xs)
            tag = VGroup(self.text("proj.slice", th.SMALL, self.colour[key], lo=lo, hi=hi),
                         self.text("proj.slice_shape", th.SMALL, muted, d=self.d, d_k=self.d_k))
            tag.arrange(DOWN, aligned_edge=LEFT, buff=SPACE.xs).next_to(heat, RIGHT, SPACE.sm)
            w = ElidedMatrix(self.part[f"w_{key}"], f"proj.w_{key}.head", places,
                             max_rows=self.w_rows, cell_w=wide,
                             cell_h=self.row_h(self.w_rows))
            b = ElidedMatrix(self.part[f"b_{key}"], f"proj.b_{key}.head", places, cell_w=wide)
            below = VGroup(w, self.sym(f"b_{key.upper()}", key, MATH_SMALL), b)
            panels.add(Group(Group(top, tag), below.arrange(DOWN, buff=SPACE.xs))
                       .arrange(DOWN, buff=SPACE.lg))
            tops.add(top)
            heats.append(heat)
            tags.add(tag)
            slices.append(below)
        self.on_stage(panels.arrange(RIGHT, buff=SPACE.lg))
        bands, arrows = VGroup(), VGroup()
        for key, heat, below in zip("qkv", heats, slices):
            left, right = heat.cell_center(0, lo), heat.cell_center(0, hi)
            band = Rectangle(width=right[0] - left[0] + heat.cell_w, height=heat.height,
                             stroke_color=self.colour[key])
            bands.add(band.move_to([(left[0] + right[0]) / 2, heat.get_y(), 0]))
            arrows.add(flow_arrow(band.get_bottom(), below[0].get_top(), self.colour[key]))
        self.play(FadeIn(tops), run_time=PACE.steady)
        self.say("proj.say2", head=self.head, lo=lo, hi=hi, d_k=self.d_k)
        self.play(Create(bands), FadeIn(tags), run_time=PACE.beat)
        self.say("proj.say3", d=self.d, d_k=self.d_k)
        self.play(FadeIn(VGroup(*(VGroup(a, s) for a, s in zip(arrows, slices))),
                         lag_ratio=self.lag), run_time=PACE.slow)

    # ------------------------------------------------------------------ 4
    def qkv(self):
        self.say("qkv.say1")
        ms = VGroup(*(self.matrix(a, f"qkv.{key}", key, labels=(key == "q"))
                      for key, a in zip("qkv", (self.q, self.k, self.v))))
        ms.arrange(RIGHT, buff=SPACE.lg)
        shown = VGroup()
        for key, m in zip("qkv", ms):
            K = key.upper()
            tex = self.sym(rf"{K} = X\,W_{K} + b_{K}", key).next_to(m.grid, UP, buff=SPACE.lg)
            shape = self.text("qkv.shape", th.SMALL, self.theme.muted, n=self.n, d_k=self.d_k)
            shown.add(VGroup(tex, m, shape.next_to(m.grid, DOWN, buff=SPACE.lg)))
        note = label(self.t("qkv.row", word=self.words[self.i]), th.SMALL, self.theme.yellow)
        self.on_stage(VGroup(shown, note.next_to(shown, DOWN, buff=SPACE.lg)))
        for g in shown:
            self.play(FadeIn(g), run_time=PACE.beat)
        self.say("qkv.say2", n=self.n, d_k=self.d_k)
        rows = VGroup(*(self.frame(m.row(self.i), key) for m, key in zip(ms, "qkv")))
        self.play(Create(rows), FadeIn(note), run_time=PACE.beat)

    # ------------------------------------------------------------------ 5
    def scores(self):
        i, j = self.i, self.j
        places = {"dot": 2, "scale": self.scale_places(self.root), "s": 2}
        values = {"a": self.words[i], "b": self.words[j], "dot": self.dot, "scale": self.root,
                  "s": self.s_ij}
        self.say("scores.say1")
        q = self.matrix(self.q, "scores.q", "q")
        k = self.matrix(self.k, "scores.k", "k")
        left = VGroup(VGroup(self.sym("Q", "q"), q).arrange(DOWN, buff=SPACE.xs),
                      VGroup(self.sym("K", "k"), k).arrange(DOWN, buff=SPACE.xs))
        tex, _ = self.formula_tex(SCORES)
        m = self.square(self.s, "scores.s", "s")
        scale_tex = NumberMathTex(r"\sqrt{d_k} = \sqrt{<<d_k>>} = <<scale>>", "scores.scale",
                                  decimals={"d_k": 0, "scale": places["scale"]},
                                  color=self.colour["s"], font_size=MATH_SMALL, d_k=self.d_k,
                                  scale=self.root)
        right = VGroup(VGroup(tex, scale_tex).arrange(RIGHT, buff=SPACE.xl), m)
        body = VGroup(left.arrange(DOWN, buff=SPACE.md), right.arrange(DOWN, buff=SPACE.lg))
        worked = self.text("scores.worked", th.SMALL, decimals=places, **values)
        self.on_stage(VGroup(body.arrange(RIGHT, buff=SPACE.xxl), worked)
                   .arrange(DOWN, buff=SPACE.lg))
        self.play(FadeIn(left), run_time=PACE.beat)
        self.play(Write(tex), FadeIn(scale_tex), FadeIn(m), run_time=PACE.steady)
        self.say("scores.say2", decimals=places, **values)
        marks = VGroup(self.frame(q.row(i), "q"), self.frame(k.row(j), "k"),
                       self.frame(m.entry(i, j), "s"))
        self.play(Create(marks), FadeIn(worked), run_time=PACE.steady)
        self.say("scores.say3", n=self.n)

    @staticmethod
    def scale_places(scale: float) -> int:
        """√d_k is shown without decimals when it is a whole number (as for d_k = 4)."""
        return 0 if float(scale).is_integer() else 2

    # ------------------------------------------------------------------ 6
    def softmax(self):
        i, e, total, w, wc = self.i, self.e, self.total, self.a_i, self.colour["w"]
        left, right = columns(self.stage(), 2)
        self.say("softmax.say1")
        s = self.square(self.s, "softmax.s", "s")
        s_name = self.sym("S", "s")
        self.on_stage(VGroup(s_name, s).arrange(DOWN, buff=SPACE.md), left)
        mark = self.frame(s.row(i), "w")
        self.play(FadeIn(s_name), FadeIn(s), run_time=PACE.beat)
        self.play(Create(mark), run_time=PACE.flash)
        # one row written out: key | s_j | e^(s_j) | e^(s_j) / sum
        table = self.matrix(np.stack([self.s[i], e, w], axis=1), "softmax.table",
                            brackets=False, cell_w=self.cell_w + SPACE.lg)
        for row in table.grid:
            row[0].set_color(self.colour["s"])
            row[2].set_color(wc)
        heads = VGroup(label(self.t("softmax.key"), th.SMALL, self.theme.muted),
                       self.sym("s_j", "s", MATH_SMALL), self.math("e^{s_j}", size=MATH_SMALL),
                       self.sym(r"e^{s_j} / \Sigma", "w", MATH_SMALL))
        for hd, g in zip(heads[1:], table.grid[0]):
            hd.next_to(table.grid, UP, buff=SPACE.md).set_x(g.get_x())
        heads[0].set_x(table.row_labels.get_x()).set_y(heads[1].get_y())
        title = self.text("softmax.row", th.SMALL, wc, word=self.words[i])
        title.next_to(heads, UP, buff=SPACE.md)
        rule = Line(LEFT, RIGHT, stroke_color=self.theme.muted, stroke_width=2)
        rule.scale_to_fit_width(table.grid.width + SPACE.md).next_to(table.grid, DOWN, buff=SPACE.xs)
        sigma = self.math(r"\Sigma", size=MATH_SMALL).next_to(rule, DOWN, buff=SPACE.xs)
        sigma.set_x(table.row_labels.get_x())
        sums = VGroup(Num(total, "softmax.sum", self.decimals),
                      Num(w.sum(), "softmax.weight_sum", self.decimals, color=wc))
        for sm, g in zip(sums, table.grid[0][1:]):
            sm.set_x(g.get_x()).set_y(sigma.get_y())
        self.on_stage(VGroup(title, heads, table, rule, sigma, sums), right)
        exps = VGroup(*(r[1] for r in table.grid))
        weights = VGroup(*(r[2] for r in table.grid))
        exps.set_opacity(0)
        weights.set_opacity(0)
        self.play(FadeIn(title), FadeIn(heads[:2]), FadeIn(table), run_time=PACE.beat)
        self.say("softmax.say2", decimals={"total": 2, "one": 2}, word=self.words[i],
                 total=total, one=w.sum())
        self.play(FadeIn(heads[2]), exps.animate.set_opacity(1), run_time=PACE.beat)
        self.play(Create(rule), FadeIn(sigma), FadeIn(sums[0]), run_time=PACE.quick)
        self.play(FadeIn(heads[-1]), weights.animate.set_opacity(1), FadeIn(sums[1]),
                  run_time=PACE.beat)
        # every row: the weights matrix fills in row by row
        self.say("softmax.say3")
        fade_stage(self, PACE.flash, keep=(s_name, s, mark))
        a = self.square(self.a, "softmax.weights", "w")
        a_name = self.sym(r"\mathrm{softmax}(S)", "w")
        self.on_stage(VGroup(a_name, a).arrange(DOWN, buff=SPACE.md), right)
        a_name.align_to(s_name, DOWN)
        for row in a.grid:
            row.set_opacity(0)
        self.add(a)

        def arrow_at(r):
            y = s.row(r).get_y()
            return flow_arrow([s.get_right()[0], y, 0], [a.get_left()[0], y, 0], wc, SPACE.sm)

        arrow = arrow_at(i)
        self.play(FadeIn(a_name), FadeIn(arrow), run_time=PACE.flash)
        for r in [i] + [r for r in range(self.n) if r != i]:
            self.play(mark.animate.set_y(s.row(r).get_y()), arrow.animate.become(arrow_at(r)),
                      a.row(r).animate.set_opacity(1), run_time=PACE.quick)

    # ------------------------------------------------------------------ 7
    def weights(self):
        n, w, words = self.n, self.a, list(self.words)
        size = min(self.heat_cell, (self.stage().height - 2 * SPACE.xxl) / n)
        i, j = self.i, int(self.strongest[self.i])
        self.say("weights.say1")
        heat = Heatmap(w, "weights.heatmap", width=size * n, diverging=False,
                       show_values=True, decimals=self.decimals, size=th.SMALL)
        names = VGroup(heat.label_rows(words, th.SMALL), heat.label_cols(words, th.SMALL))
        rows_cap = label(self.t("weights.rows"), th.SMALL, self.colour["q"])
        rows_cap.next_to(names[0], LEFT, buff=SPACE.md)
        cols_cap = label(self.t("weights.cols"), th.SMALL, self.colour["k"])
        cols_cap.next_to(names[1], UP, buff=SPACE.sm)
        sums = self.matrix(w.sum(axis=1), "weights.row_sums", labels=False, brackets=False)
        # a column: one sum per row, each beside its row of the heatmap
        col = sums.grid[0]
        for r, cell in enumerate(col):
            cell.next_to(heat, RIGHT, buff=SPACE.md).set_y(heat.cell_center(r, 0)[1])
        sigma = self.math(r"\Sigma", size=MATH_SMALL).next_to(col, UP, buff=SPACE.sm)
        sigma.set_y(names[1].get_y())
        tags = VGroup(*(self.text("weights.strongest", th.SMALL, self.colour["w"],
                                  b=words[int(self.strongest[r])])
                        .next_to(col[r], RIGHT, buff=SPACE.lg) for r in range(n)))
        self.on_stage(Group(heat, names, rows_cap, cols_cap, sums, sigma, tags))
        outline = heat.outline(i, j, self.theme.text)
        self.play(FadeIn(heat), FadeIn(names), FadeIn(rows_cap), FadeIn(cols_cap),
                  run_time=PACE.steady)
        self.say("weights.say2", decimals=self.decimals, a=words[i], b=words[j], w=w[i, j])
        self.play(FadeIn(sums), FadeIn(sigma), run_time=PACE.quick)
        self.play(FadeIn(tags, lag_ratio=self.lag), Create(outline), run_time=PACE.steady)

    # ------------------------------------------------------------------ 8
    def output(self):
        i, word = self.i, self.words[self.i]
        self.say("output.say1", word=word)
        w = self.matrix(self.a[i][:, None], "output.weights", "w", brackets=False)
        v = self.matrix(self.v, "output.v", "v", labels=False)
        t = self.matrix(self.terms, "output.terms", labels=False)
        times = VGroup(*(self.math(r"\times", size=MATH_SMALL)
                         .next_to(row, RIGHT, buff=SPACE.md) for row in w.grid))
        eq = self.math("=")
        for m, before in ((v, times), (eq, v), (t, eq)):
            m.next_to(before, RIGHT, buff=SPACE.md)
        for m in (v, t):  # their rows beside the weights' rows
            m.shift(UP * (w.grid.get_top()[1] - m.grid.get_top()[1]))
        heads = VGroup(self.sym(r"a_{ij}", "w", MATH_SMALL), self.sym("v_j", "v", MATH_SMALL),
                       self.math(r"a_{ij}\,v_j", size=MATH_SMALL))
        for hd, m in zip(heads, (w.grid, v, t)):
            hd.next_to(m, UP, buff=SPACE.sm)
        for hd in heads:
            hd.set_y(heads[1].get_y())
        rule = Line(t.get_left(), t.get_right(), stroke_color=self.theme.muted, stroke_width=2)
        rule.next_to(t, DOWN, buff=SPACE.xs)
        z = self.matrix(self.z_i, "output.z_row", "z", labels=False)
        z.next_to(rule, DOWN, buff=SPACE.sm)
        new = self.text("output.new", th.SMALL, self.colour["z"], word=word)
        new.next_to(z, LEFT, buff=SPACE.md)
        sigma = label(self.t("output.sum") + " ↓", th.SMALL, self.theme.muted)
        sigma.next_to(rule, RIGHT, buff=SPACE.sm)
        self.on_stage(VGroup(w, times, v, eq, t, heads, rule, z, new, sigma))
        self.play(FadeIn(w), FadeIn(heads[0]), run_time=PACE.quick)
        self.play(FadeIn(times), FadeIn(v), FadeIn(heads[1]), run_time=PACE.beat)
        self.say("output.say2")
        self.play(FadeIn(eq), FadeIn(t), FadeIn(heads[2]), run_time=PACE.beat)
        self.play(Create(rule), FadeIn(sigma), FadeIn(z), FadeIn(new), run_time=PACE.beat)
        # every word: Z = A V
        self.say("output.say3", n=self.n, d_k=self.d_k)
        fade_stage(self, PACE.flash)
        tex, _ = self.formula_tex(OUTPUT)
        all_z = self.matrix(self.z, "output.z", "z")
        shape = self.text("qkv.shape", th.SMALL, self.theme.muted, n=self.n, d_k=self.d_k)
        note = label(self.t("output.context"), th.SMALL, self.theme.muted)
        self.on_stage(VGroup(tex, all_z, shape, note).arrange(DOWN, buff=SPACE.lg))
        row = self.frame(all_z.row(i), "z")
        self.play(Write(tex), FadeIn(all_z), run_time=PACE.steady)
        self.play(FadeIn(shape), FadeIn(note), Create(row), run_time=PACE.quick)
        self.say("output.say4", heads=self.n_heads)

    # ------------------------------------------------------------------ 9
    def formula(self):
        c, stage = self.colour, self.stage()
        self.say("formula.say1")
        pieces = VGroup(*(VGroup(self.sym(key.upper(), key),
                                 self.matrix(a, f"formula.{key}", key, labels=False))
                          .arrange(DOWN, buff=SPACE.xs)
                          for key, a in zip("qkv", (self.q, self.k, self.v))))
        stage.fit(pieces.arrange(RIGHT, buff=SPACE.lg), SPACE.md)
        pieces.move_to(stage.center).align_to(UP * stage.y1, UP)
        self.play(FadeIn(pieces), run_time=PACE.steady)
        f, part = self.formula_tex(FORMULA, MATH_BIG)
        f.move_to(stage.center).set_y((pieces.get_bottom()[1] + stage.y0) / 2)
        self.say("formula.say2", decimals={"d_k": 0, "scale": self.scale_places(self.root)},
                 d_k=self.d_k, scale=self.root)
        self.play(TransformFromCopy(pieces[0][0], part["q"]),
                  TransformFromCopy(pieces[1][0], part["k"]), run_time=PACE.steady)
        frac = VGroup(part["q"], part["k"], part["over"], part["root"])
        up = Brace(frac, UP, buff=SPACE.xs, color=c["s"])
        up_lab = label(self.t("formula.scores"), th.SMALL, c["s"]).next_to(up, UP, SPACE.xs)
        self.play(Write(part["over"]), Write(part["root"]), FadeIn(up), FadeIn(up_lab),
                  run_time=PACE.steady)
        self.say("formula.say3")
        down = Brace(VGroup(part["soft"], frac, part["right"]), DOWN, buff=SPACE.xs,
                     color=c["w"])
        down_lab = label(self.t("formula.weights"), th.SMALL, c["w"]).next_to(down, DOWN,
                                                                             SPACE.xs)
        self.play(Write(part["soft"]), Write(part["right"]), FadeIn(down), FadeIn(down_lab),
                  run_time=PACE.steady)
        self.say("formula.say4")
        self.play(TransformFromCopy(pieces[2][0], part["v"]), run_time=PACE.beat)
        out = Brace(part["out"], DOWN, buff=SPACE.xs, color=c["z"])
        out_lab = label(self.t("formula.output"), th.SMALL, c["z"]).next_to(out, DOWN, SPACE.xs)
        self.play(Write(part["out"]), Write(part["eq"]), FadeIn(out), FadeIn(out_lab),
                  run_time=PACE.steady)
