"""Add & Norm: the residual sum x + Sublayer(x) and LayerNorm, on the example sentence, with the
first encoder layer's self-attention sublayer of the trained model (post-LN, as in the paper
and the code). One token's mean and variance over its features, the normalised values, the
learned gamma and beta (shared by every token), then why the residual helps: the Jacobian
I + dF/dx of the real sublayer, and how much of the input the output keeps (cosines).

    manim -pql scenes/add_and_norm.py AddAndNorm
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
from scenes.kit import (
    Block,
    ColorBar,
    Heatmap,
    LectureScene,
    NumberMathTex,
    NumberMatrix,
    flow_arrow,
    label,
)
from scenes.kit import theme as th
from scenes.kit.charts import ElidedMatrix
from scenes.kit.diagram import LayerStack
from scenes.parts.add_and_norm import FeatureBars
from scenes.reference.add_and_norm import (
    LN_EPS,
    add_norm_trace,
    layer_norm_steps,
    residual_jacobian,
    rms_gain,
    row_cosines,
    sublayer_jacobian,
    token_block,
    token_stats,
)

POST_LN = r"\mathrm{LayerNorm}\big(x + \mathrm{Sublayer}(x)\big)"
THIS_ONE = r"y = \mathrm{LayerNorm}\big(x + \mathrm{MHA}(x, x)\big)"
NORMALISE = r"\hat{x}_j = {s_j - \mu \over \sqrt{\sigma^2 + \varepsilon}}"
WORKED = (r"= {s_j - (<<mean>>) \over \sqrt{<<var>> + \varepsilon}}"
          r" = {s_j - (<<mean>>) \over <<std>>}")
AFFINE = r"y_j = \gamma_j\,\hat{x}_j + \beta_j"
JACOBIAN = r"{\partial\,(x + F(x)) \over \partial x} = I + {\partial F \over \partial x}"
MATH = 36


class AddAndNorm(LectureScene):
    layer = 0  # the encoder layer whose first Add & Norm (after self-attention) is followed
    focus = 0  # index in the sentence of the token whose LayerNorm is worked out
    decimals = 2
    std_decimals = 3
    max_cols = 8  # columns of an [n, d] matrix shown (the first ones, "⋯", the last)
    bar_half = 1.5  # scene units of the tallest feature bar

    steps = ("place", "add", "stats", "norm", "affine", "shared", "grad", "keep")

    def prepare(self):
        self.model = ref.load_model()
        cfg = self.model.config
        self.d, self.n_heads, self.n_layers = cfg.d_model, cfg.n_heads, cfg.n_encoder_layers
        self.n = len(self.words)
        self.i = self.focus % self.n
        self.word = self.words[self.i]
        ids = self.model.src_ids(" ".join(self.words))
        self.tr = add_norm_trace(self.model, ids, self.layer)
        self.ln = layer_norm_steps(self.tr["s"], self.tr["gamma"], self.tr["beta"])
        peak = max(np.abs(self.tr["s"][self.i]).max(), np.abs(self.ln["x_hat"][self.i]).max())
        self.unit = self.bar_half / peak
        # stats: every token's mean and variance of s; norm: those of the normalised row
        self.mean, self.var = token_stats(self.tr["s"])
        self.new_mean, self.new_var = (float(v[0]) for v in
                                       token_stats(self.ln["x_hat"][self.i:self.i + 1]))
        # affine: where gamma and beta started (the model's initialisation)
        self.start = ref.init_params(cfg, 1, 1)["encoder"][self.layer]["ln1"]
        # grad: the sublayer's Jacobian, with and without the identity path
        p = self.model.params["encoder"][self.layer]["self_attn"]
        self.jac = sublayer_jacobian(self.tr["x"], p, self.n_heads)
        self.with_res = residual_jacobian(self.jac)
        # keep: how much of x and of MHA(x) the output y keeps
        x, f, y = self.tr["x"], self.tr["f"], self.ln["y"]
        self.cos = np.stack([row_cosines(x, y), row_cosines(f, y), row_cosines(x, f)], axis=1)

    def add(self, *mobjects):
        """Step "add" when called bare (the base runs each step by its name); otherwise
        Scene.add, which the step key shadows."""
        if mobjects:
            return super().add(*mobjects)
        return self.residual()

    # ------------------------------------------------------------------ helpers
    def math(self, tex: str, size: float = MATH, color: str | None = None) -> MathTex:
        """A formula in the theme's text colour (MathTex alone would be white on light too)."""
        return MathTex(tex, color=color or self.theme.text, font_size=size)

    def rows(self, array, name, labels=True, **kw):
        """An [n, d] matrix of the sentence, elided to max_cols columns, rows named by words."""
        kw.setdefault("cell_w", 0.95)
        kw.setdefault("cell_h", min(0.4, 1.5 / self.n))
        kw.setdefault("size", th.SMALL if self.n <= 3 else th.TINY)
        return ElidedMatrix(array, name, self.decimals, max_cols=self.max_cols,
                            row_labels=list(self.words) if labels else None, **kw)

    def frame(self, m, colour=None, buff=0.06):
        return SurroundingRectangle(m, color=colour or self.theme.yellow, buff=buff,
                                    stroke_width=3)

    def caption(self, key: str, tex: str, colour: str) -> VGroup:
        """A short name over its symbol, e.g. "input" over x."""
        return VGroup(label(self.t(key), th.SMALL, colour),
                      self.math(tex, MATH * 0.9, colour)).arrange(DOWN, buff=0.12)

    # ------------------------------------------------------------------ 1
    def place(self):
        t = self.theme
        self.say("place.say1")
        specs = [(self.t("place.mha"), t.blue), (self.t("place.norm"), t.yellow),
                 (self.t("place.ffn"), t.green), (self.t("place.norm"), t.yellow)]
        stack = LayerStack(specs, norms=(1, 3), width=3.4, block_h=0.6, gap=0.42)
        stack.move_to([-3.3, -0.35, 0])
        times = self.text("place.times", th.BODY, n=self.n_layers)
        stack.attach_repeat(times)
        self.play(FadeIn(stack), FadeIn(times), run_time=1.0)
        self.say("place.say2", layers=self.n_layers, d=self.d)
        target = stack.blocks[1]
        mark = self.frame(target, t.red, buff=0.08)
        here = label(self.t("place.here"), th.SMALL, t.red)
        here.next_to(stack.frame, RIGHT, buff=0.2).set_y(target.get_y())
        self.play(Create(mark), FadeIn(here), run_time=0.8)
        self.say("place.say3")
        general = self.math(POST_LN, MATH * 1.05)
        this = self.math(THIS_ONE, MATH * 0.9, t.yellow)
        post = label(self.t("place.post"), th.SMALL, t.yellow)
        side = label(self.t("place.residual"), th.SMALL, t.muted)
        right = VGroup(general, this, post, side).arrange(DOWN, buff=0.45)
        right.move_to([3.55, 0.0, 0])
        self.play(FadeIn(right[:2]), run_time=1.0)
        self.play(FadeIn(right[2:]), run_time=0.6)

    # ------------------------------------------------------------------ 2
    def residual(self):
        t, n, d = self.theme, self.n, self.d
        self.say("add.say1", n=n, d=d)
        mats = [self.rows(self.tr["x"], "add.x", color=t.blue),
                self.rows(self.tr["f"], "add.f", color=t.green),
                self.rows(self.tr["s"], "add.s", color=t.orange)]
        plus, eq = self.math("+"), self.math("=")
        column = VGroup(mats[0], plus, mats[1], eq, mats[2]).arrange(DOWN, buff=0.1)
        column.move_to([1.2, -0.3, 0])
        for sym, m in ((plus, mats[0]), (eq, mats[1])):
            sym.set_x(m.grid.get_x())
        caps = [self.caption("add.x", "x", t.blue),
                self.caption("add.f", r"\mathrm{MHA}(x)", t.green),
                self.caption("add.s", r"s = x + \mathrm{MHA}(x)", t.orange)]
        for cap, m in zip(caps, mats):
            cap.next_to(m, LEFT, buff=0.45)
        shape = self.text("add.shape", th.SMALL, t.muted, n=n, d=d)
        shape.to_corner(UP + RIGHT, buff=0.55)
        self.play(FadeIn(mats[0]), FadeIn(caps[0]), run_time=0.8)
        self.say("add.say2")
        self.play(FadeIn(plus), FadeIn(mats[1]), FadeIn(caps[1]), run_time=0.8)
        self.say("add.say3")
        self.play(FadeIn(eq), FadeIn(mats[2]), FadeIn(caps[2]), FadeIn(shape), run_time=1.0)
        rows = VGroup(*(self.frame(m.row(self.i), buff=0.07) for m in mats))
        self.play(Create(rows), run_time=0.8)

    # ------------------------------------------------------------------ 3
    def stats(self):
        t, i = self.theme, self.i
        mean, var = self.mean, self.var
        std = float(np.sqrt(var[i]))
        self.say("stats.say1", word=self.word, d=self.d)
        bars = FeatureBars(self.tr["s"][i], "stats.s_row", self.unit, width=7.2,
                           colour=t.orange)
        bars.shift([-2.75 - bars.axis.get_x(), 0.2 - bars.zero_y, 0])
        title = self.text("stats.features", th.SMALL, t.muted, word=self.word, d=self.d)
        title.next_to(bars, UP, buff=0.3).set_x(bars.axis.get_x())
        self.play(FadeIn(title), FadeIn(bars), run_time=1.0)
        self.say("stats.say2", decimals=self.decimals, mean=mean[i], var=var[i])
        mu_line = bars.level(mean[i], t.yellow)
        band = VGroup(bars.level(mean[i] + std, t.muted), bars.level(mean[i] - std, t.muted))
        m_text = self.text("stats.mean", th.SMALL, t.yellow, decimals=self.decimals,
                           mean=mean[i])
        v_text = self.text("stats.var", th.SMALL, t.text, decimals=self.decimals, var=var[i])
        note = label(self.t("stats.band"), th.SMALL, t.muted)
        facts = VGroup(m_text, v_text, note).arrange(RIGHT, buff=0.6)
        facts.next_to(bars, DOWN, buff=0.35).set_x(bars.axis.get_x())
        self.play(Create(mu_line), Create(band), FadeIn(facts), run_time=1.0)
        self.say("stats.say3")
        table = NumberMatrix(np.stack([mean, var], axis=1), "stats.table", self.decimals,
                             row_labels=list(self.words), col_labels=["μ", "σ²"], size=th.SMALL,
                             cell_w=1.05, cell_h=min(0.5, 2.6 / self.n), brackets=False)
        head = label(self.t("stats.per_token"), th.SMALL, t.muted)
        VGroup(head, table).arrange(DOWN, buff=0.25).move_to([4.9, 0.2, 0])
        self.play(FadeIn(head), FadeIn(table), run_time=0.8)
        self.play(Create(self.frame(table.row(i))), run_time=0.6)

    # ------------------------------------------------------------------ 4
    def norm(self):
        t, i = self.theme, self.i
        mean, var, std = self.ln["mean"][i], self.ln["var"][i], self.ln["std"][i]
        x_hat = self.ln["x_hat"][i]
        new_mean, new_var = self.new_mean, self.new_var
        self.say("norm.say1", decimals=None, eps=LN_EPS)
        general = self.math(NORMALISE)
        eps = self.text("norm.eps", th.SMALL, t.muted, decimals=None, eps=LN_EPS)
        top = VGroup(general, eps).arrange(RIGHT, buff=0.7).move_to([0.4, 2.2, 0])
        charts = []
        for key, values, name, colour, x in (("norm.before", self.tr["s"][i], "norm.s_row",
                                              t.orange, -3.55),
                                             ("norm.after", x_hat, "norm.x_hat_row", t.blue,
                                              3.55)):
            bars = FeatureBars(values, name, self.unit, width=5.4, colour=colour)
            bars.shift([x - bars.axis.get_x(), -1.05 - bars.zero_y, 0])
            cap = label(self.t(key), th.SMALL, colour).next_to(bars, UP, buff=0.25)
            cap.set_y(0.75)
            charts.append((bars, cap))
        (before, b_cap), (after, a_cap) = charts
        b_lines = VGroup(before.level(mean, t.yellow), before.level(mean + np.sqrt(var), t.muted),
                         before.level(mean - np.sqrt(var), t.muted))
        a_lines = VGroup(after.level(new_mean, t.yellow),
                         after.level(new_mean + np.sqrt(new_var), t.muted),
                         after.level(new_mean - np.sqrt(new_var), t.muted))
        self.play(FadeIn(top), FadeIn(before), FadeIn(b_cap), Create(b_lines), run_time=1.0)
        old = self.text("norm.result", th.SMALL, t.orange, decimals=self.decimals, mean=mean,
                        var=var)
        low = min(before.get_bottom()[1], after.get_bottom()[1])
        old.next_to(before, DOWN, buff=0.3).set_y(low - 0.35)
        self.play(FadeIn(old), run_time=0.5)
        self.say("norm.say2", decimals=self.std_decimals, word=self.word, std=std)
        worked = NumberMathTex(WORKED, "norm.worked",
                               decimals={"mean": self.decimals, "var": self.decimals,
                                         "std": self.std_decimals},
                               font_size=MATH * 0.9, mean=mean, var=var, std=std)
        worked.next_to(top, DOWN, buff=0.25).align_to(general, LEFT).shift(RIGHT * 0.55)
        self.play(FadeIn(worked), run_time=0.8)
        self.say("norm.say3", decimals=self.decimals, mean=new_mean, var=new_var)
        arrow = flow_arrow([-0.55, -1.05, 0], [0.55, -1.05, 0], t.muted)
        result = self.text("norm.result", th.SMALL, t.blue, decimals=self.decimals,
                           mean=new_mean, var=new_var)
        result.next_to(after, DOWN, buff=0.3).set_y(old.get_y())
        self.play(TransformFromCopy(before, after), TransformFromCopy(b_lines, a_lines),
                  FadeIn(arrow), FadeIn(a_cap), run_time=1.5)
        self.play(FadeIn(result), run_time=0.6)

    # ------------------------------------------------------------------ 5
    def affine(self):
        t, i, d = self.theme, self.i, self.d
        gamma, beta = self.tr["gamma"], self.tr["beta"]
        start = self.start
        self.say("affine.say1", d=d)
        formula = self.math(AFFINE).move_to([0, 2.5, 0])
        kw = {"cell_w": 0.9, "cell_h": 0.4, "size": th.SMALL}
        lines = [(r"\hat{x}", ElidedMatrix(self.ln["x_hat"][i], "affine.x_hat", self.decimals,
                                            max_cols=self.max_cols, color=t.blue, **kw), t.blue),
                 (r"\gamma", ElidedMatrix(gamma, "affine.gamma", self.decimals,
                                          max_cols=self.max_cols, color=t.purple, **kw),
                  t.purple),
                 (r"\beta", ElidedMatrix(beta, "affine.beta", self.decimals,
                                         max_cols=self.max_cols, color=t.purple, **kw), t.purple),
                 ("y", ElidedMatrix(self.ln["y"][i], "affine.y", self.decimals,
                                    max_cols=self.max_cols, color=t.red, **kw), t.red)]
        block = VGroup(*(m for _, m, _ in lines)).arrange(DOWN, buff=0.32)
        block.move_to([0.5, 0.2, 0])
        names = VGroup(*(self.math(tex, MATH * 0.9, c).next_to(m, LEFT, buff=0.35)
                         for tex, m, c in lines))
        word = label(f"「{self.word}」" if self.lang == "zh" else f"“{self.word}”", th.SMALL,
                     t.muted).next_to(names[0], LEFT, buff=0.3)
        self.play(FadeIn(formula), FadeIn(lines[0][1]), FadeIn(names[0]), FadeIn(word),
                  run_time=0.8)
        self.play(FadeIn(VGroup(lines[1][1], lines[2][1], names[1], names[2])), run_time=0.8)
        rng = {"gmin": float(gamma.min()), "gmax": float(gamma.max()),
               "bmin": float(beta.min()), "bmax": float(beta.max())}
        self.say("affine.say2", decimals={**dict.fromkeys(rng, self.decimals), "g_start": 0, "b_start": 0},
                 g_start=float(start["gamma"][0]),
                 b_start=float(start["beta"][0]), **rng)
        span = self.text("affine.range", th.SMALL, t.purple, decimals=self.decimals, **rng)
        span.next_to(block, DOWN, buff=0.45)
        self.play(FadeIn(span), run_time=0.6)
        self.say("affine.say3", word=self.word)
        self.play(FadeIn(lines[3][1]), FadeIn(names[3]), run_time=0.8)
        self.play(Create(self.frame(lines[3][1], t.red)), run_time=0.5)

    # ------------------------------------------------------------------ 6
    def shared(self):
        t, d = self.theme, self.d
        self.say("shared.say1")
        cell_h = min(0.5, 2.6 / self.n)
        own = NumberMatrix(np.stack([self.ln["mean"], self.ln["var"]], axis=1), "shared.own",
                           self.decimals, row_labels=list(self.words), col_labels=["μ", "σ²"],
                           size=th.SMALL, cell_w=1.05, cell_h=cell_h, brackets=False)
        own.move_to([-4.5, -0.3, 0])
        own_title = label(self.t("shared.own"), th.SMALL, t.orange)
        own_title.next_to(own, UP, buff=0.3)
        self.play(FadeIn(own), FadeIn(own_title), run_time=0.8)
        self.say("shared.say2", d=d, params=2 * d)
        box = Block(self.t("shared.gamma_beta"), t.purple, width=2.0,
                    height=max(own.grid.height + 0.5, 1.6), size=th.BODY)
        box.move_to([-1.2, own.grid.get_y(), 0])
        all_ = label(self.t("shared.all"), th.SMALL, t.purple).next_to(box, UP, buff=0.2)
        params = self.text("shared.params", th.SMALL, t.purple, d=d, params=2 * d)
        params.next_to(box, DOWN, buff=0.25)
        out = ElidedMatrix(self.ln["y"], "shared.y", self.decimals, max_cols=6, cell_w=0.9,
                           cell_h=cell_h, size=th.SMALL, color=t.red)
        out.next_to(box, RIGHT, buff=1.0)
        out_title = label(self.t("shared.out"), th.SMALL, t.red).next_to(out, UP, buff=0.3)
        out_title.set_y(own_title.get_y())
        all_.set_y(own_title.get_y())
        arrows = VGroup()
        for r in range(self.n):
            y = own.row(r).get_y()
            arrows.add(flow_arrow([own.get_right()[0] + 0.05, y, 0], [box.get_left()[0], y, 0],
                                  t.muted))
            arrows.add(flow_arrow([box.get_right()[0], y, 0],
                                  [out.get_left()[0] - 0.05, out.row(r).get_y(), 0], t.muted))
        self.play(FadeIn(box), FadeIn(all_), FadeIn(params), run_time=0.8)
        self.play(Create(arrows), FadeIn(out), FadeIn(out_title), run_time=1.2)

    # ------------------------------------------------------------------ 7
    def grad(self):
        t, i, d = self.theme, self.i, self.d
        jac, with_res = self.jac, self.with_res
        j_blk, r_blk = token_block(jac, i, d), token_block(with_res, i, d)
        self.say("grad.say1")
        formula = self.math(JACOBIAN, MATH).move_to([4.75, 1.3, 0])
        self.play(FadeIn(formula), run_time=0.8)
        self.say("grad.say2", word=self.word, d=d)
        lim = float(np.abs(r_blk).max())
        side = 2.9
        maps, titles, diags = [], VGroup(), VGroup()
        for key, blk, x, colour in (("grad.without", j_blk, -4.2, t.green),
                                    ("grad.with", r_blk, -0.4, t.orange)):
            name = "grad.jacobian" if key == "grad.without" else "grad.residual"
            hm = Heatmap(blk, name, width=side, vmin=-lim, vmax=lim).move_to([x, -0.1, 0])
            maps.append(hm)
            titles.add(label(self.t(key), th.SMALL, colour).next_to(hm, UP, buff=0.2))
            diags.add(self.text("grad.diag", th.SMALL, colour, decimals=self.decimals,
                                diag=float(np.mean(np.diag(blk)))).next_to(hm, DOWN, buff=0.2))
        bar = ColorBar(-lim, lim, "grad.scale", height=side, decimals=1)
        bar.next_to(maps[1], RIGHT, buff=0.3)
        which = self.text("grad.block", th.SMALL, t.muted, word=self.word, d=d)
        which.next_to(Group(*maps), DOWN, buff=0.75)
        self.play(FadeIn(maps[0]), FadeIn(titles[0]), FadeIn(which), run_time=0.8)
        self.play(FadeIn(maps[1]), FadeIn(titles[1]), FadeIn(bar), run_time=0.8)
        self.play(FadeIn(diags), run_time=0.6)
        gains = {"without": rms_gain(jac), "with_res": rms_gain(with_res)}
        self.say("grad.say3", decimals=self.decimals, **gains)
        g0 = self.text("grad.gain", th.BODY, t.green, decimals=self.decimals,
                       gain=gains["without"])
        g1 = self.text("grad.gain", th.BODY, t.orange, decimals=self.decimals,
                       gain=gains["with_res"])
        VGroup(g0, g1).arrange(DOWN, buff=0.45, aligned_edge=LEFT)
        VGroup(g0, g1).next_to(formula, DOWN, buff=0.6)
        self.play(FadeIn(g0), FadeIn(g1), run_time=0.8)
        self.say("grad.say4")

    # ------------------------------------------------------------------ 8
    def keep(self):
        t, i = self.theme, self.i
        cos = self.cos
        self.say("keep.say1")
        table = NumberMatrix(cos, "keep.cos", self.decimals, row_labels=list(self.words),
                             col_labels=["cos(x, y)", "cos(MHA(x), y)", "cos(x, MHA(x))"],
                             size=th.BODY, cell_w=2.9, cell_h=min(0.65, 2.8 / self.n),
                             brackets=False)
        defn = self.math(THIS_ONE, MATH * 0.9, t.muted)
        VGroup(defn, table).arrange(DOWN, buff=0.55).move_to([0.3, 0.55, 0])
        self.play(FadeIn(defn), FadeIn(table), run_time=1.0)
        self.say("keep.say2", decimals=self.decimals, word=self.word, cx=float(cos[i, 0]),
                 cf=float(cos[i, 1]))
        self.play(Create(VGroup(self.frame(table.entry(i, 0)), self.frame(table.entry(i, 1)))),
                  run_time=0.6)
        self.say("keep.say3", decimals=self.decimals, cxf=float(cos[i, 2]))
        self.play(Create(self.frame(table.entry(i, 2), t.green)), run_time=0.6)
        self.say("keep.say4")
        recap = self.math(POST_LN, MATH * 1.1, t.yellow)
        recap.next_to(table, DOWN, buff=0.7)
        self.play(FadeIn(recap, shift=UP * 0.2), run_time=0.8)
