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
from scenes.kit.theme import PACE, SPACE
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
NORMALISE = (r"\hat{x}_j", r"= {s_j - \mu \over \sqrt{\sigma^2 + \varepsilon}}")  # "=" lines up
WORKED = (r"= {s_j - (<<mean>>) \over \sqrt{<<var>> + \varepsilon}}"
          r" = {s_j - (<<mean>>) \over <<std>>}")
AFFINE = r"y_j = \gamma_j\,\hat{x}_j + \beta_j"
JACOBIAN = r"{\partial\,(x + F(x)) \over \partial x} = I + {\partial F \over \partial x}"
MATH = 36

# where every number of the scene comes from (scenes.tools.numbers: the numbers files, the
# player's panel, the handouts); "<record>{key}" is the placeholder key of a text or subtitle
OPS = "scenes.reference.add_and_norm"
TRACE = f"{OPS}.add_norm_trace"  # x, F(x) = MHA(x, x), s = x + F(x) of AddAndNorm.layer
STEPS = f"{OPS}.layer_norm_steps"  # LN(s) written out: mean, var, std, x_hat, y
ORIGINS = {
    "{n}": "settings.sentence: its number of words",
    "{d}": "model.config.d_model",
    "*place.times{n}": "model.config.n_encoder_layers",
    "*place.say2{layers}": "model.config.n_encoder_layers",
    "add.x": f"{TRACE}: x, the input of the layer's self-attention",
    "add.f": f"{TRACE}: f = MHA(x, x)",
    "add.s": f"{TRACE}: s = x + f",
    "stats.s_row": f"{TRACE}: s, the row of the word AddAndNorm.focus",
    "*{mean}": f"{OPS}.token_stats: the mean of the word's row of s",
    "*{var}": f"{OPS}.token_stats: the variance of the word's row of s",
    "stats.table": f"{OPS}.token_stats: every word's mean and variance of s",
    "*{eps}": f"{OPS}.LN_EPS: the eps of scenes.reference.layer_norm",
    "norm.s_row": f"{TRACE}: s, the word's row",
    "*{std}": f"{STEPS}: std = sqrt(var + eps) of the word",
    "norm.x_hat_row": f"{STEPS}: x_hat, the word's row",
    "*norm.say3{mean}": f"{OPS}.token_stats: the mean of the word's row of x_hat",
    "*norm.say3{var}": f"{OPS}.token_stats: the variance of the word's row of x_hat",
    # the second norm.result is the normalised row's; both are listed here by their keys
    "*norm.result{mean}": f"{OPS}.token_stats: the mean of the word's row of s, then of x_hat",
    "*norm.result{var}": f"{OPS}.token_stats: the variance of the word's row of s, then of "
                         "x_hat",
    "affine.x_hat": f"{STEPS}: x_hat, the word's row",
    "affine.gamma": "model.params: encoder[layer].ln1.gamma",
    "affine.beta": "model.params: encoder[layer].ln1.beta",
    "*affine.say2{g_start}": "scenes.reference.init_params: encoder[layer].ln1.gamma, as "
                             "training started",
    "*affine.say2{b_start}": "scenes.reference.init_params: encoder[layer].ln1.beta, as "
                             "training started",
    "*{gmin}": "model.params: encoder[layer].ln1.gamma, the smallest",
    "*{gmax}": "model.params: encoder[layer].ln1.gamma, the largest",
    "*{bmin}": "model.params: encoder[layer].ln1.beta, the smallest",
    "*{bmax}": "model.params: encoder[layer].ln1.beta, the largest",
    "affine.y": f"{STEPS}: y = gamma x_hat + beta, the word's row",
    "shared.own": f"{OPS}.token_stats: every word's mean and variance of s",
    "*{params}": "model.params: encoder[layer].ln1, the entries of gamma and beta",
    "shared.y": f"{STEPS}: y, every word",
    "grad.jacobian": f"{OPS}.sublayer_jacobian: dMHA(x)/dx, the word's block "
                     f"({OPS}.token_block)",
    "grad.residual": f"{OPS}.residual_jacobian: I + dMHA(x)/dx, the word's block",
    "grad.scale.*": f"{OPS}.residual_jacobian: the word's block, its largest absolute value",
    "*grad.diag{diag}": f"{OPS}.token_block: the mean of the diagonal, without the identity "
                        "path, then with it",
    "*grad.say3{without}": f"{OPS}.rms_gain: of {OPS}.sublayer_jacobian",
    "*grad.say3{with_res}": f"{OPS}.rms_gain: of {OPS}.residual_jacobian",
    "*grad.gain{gain}": f"{OPS}.rms_gain: of {OPS}.sublayer_jacobian, then of "
                        f"{OPS}.residual_jacobian",
    "keep.cos": f"{OPS}.row_cosines: cos(x, y), cos(MHA(x), y), cos(x, MHA(x)) of every word",
    "*keep.say2{cx}": f"{OPS}.row_cosines: cos(x, y) of the word",
    "*keep.say2{cf}": f"{OPS}.row_cosines: cos(MHA(x), y) of the word",
    "*keep.say3{cxf}": f"{OPS}.row_cosines: cos(x, MHA(x)) of the word",
}


class AddAndNorm(LectureScene):
    layer = 0  # the encoder layer whose first Add & Norm (after self-attention) is followed
    focus = 0  # index in the sentence of the token whose LayerNorm is worked out
    decimals = 2
    std_decimals = 3
    max_cols = 8  # columns of an [n, d] matrix shown (the first ones, "⋯", the last)
    bar_half = 1.5  # scene units of the tallest feature bar
    origins = ORIGINS  # where every number comes from (scenes.tools.numbers)

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
        self.ln_init = ref.init_params(cfg, 1, 1)["encoder"][self.layer]["ln1"]
        # grad: the sublayer's Jacobian, with and without the identity path
        p = self.model.params["encoder"][self.layer]["self_attn"]
        self.jac = sublayer_jacobian(self.tr["x"], p, self.n_heads)
        self.with_res = residual_jacobian(self.jac)
        # keep: how much of x and of MHA(x) the output y keeps
        x, f, y = self.tr["x"], self.tr["f"], self.ln["y"]
        self.cos = np.stack([row_cosines(x, y), row_cosines(f, y), row_cosines(x, f)], axis=1)

    def step_add(self):
        """Step "add" (Scene.add has the plain name)."""
        return self.residual()

    # ------------------------------------------------------------------ helpers
    def math(self, *tex: str, color: str | None = None) -> MathTex:
        """A formula in the theme's text colour (MathTex alone would be white on light too)."""
        return MathTex(*tex, color=color or self.theme.text, font_size=MATH)

    def rows(self, array, name, **kw):
        """An [n, d] matrix of the sentence, elided to max_cols columns, rows named by words."""
        return ElidedMatrix(array, name, self.decimals, max_cols=self.max_cols,
                            row_labels=list(self.words), **kw)

    def stats_table(self, name: str) -> NumberMatrix:
        """Every token's mean and variance, one row per word."""
        return NumberMatrix(np.stack([self.mean, self.var], axis=1), name, self.decimals,
                            row_labels=list(self.words), col_labels=["μ", "σ²"],
                            size=th.SMALL, brackets=False)

    def frame(self, m, colour=None):
        return SurroundingRectangle(m, color=colour or self.theme.yellow, buff=SPACE.hair)

    def caption(self, key: str, tex: str, colour: str) -> VGroup:
        """A short name over its symbol, e.g. "input" over x."""
        return VGroup(label(self.t(key), th.SMALL, colour),
                      self.math(tex, color=colour)).arrange(DOWN, buff=SPACE.xs)

    @staticmethod
    def level_tops(*mobs):
        """Put the tops of ``mobs`` (titles over things of different heights) on one line."""
        top = max(m.get_top()[1] for m in mobs)
        for m in mobs:
            m.shift(UP * (top - m.get_top()[1]))

    # ------------------------------------------------------------------ 1
    def place(self):
        t = self.theme
        self.say("place.say1")
        specs = [(self.t("place.mha"), t.blue), (self.t("place.norm"), t.yellow),
                 (self.t("place.ffn"), t.green), (self.t("place.norm"), t.yellow)]
        stack = LayerStack(specs, norms=tuple(range(1, len(specs), 2)),
                           width=max(label(text, th.SMALL).width for text, _ in specs)
                           + 2 * SPACE.xl, block_h=SPACE.xl, gap=SPACE.lg)
        times = self.text("place.times", th.BODY, n=self.n_layers)
        stack.attach_repeat(times)
        target = stack.blocks[1]
        here = label(self.t("place.here"), th.SMALL, t.red)
        here.next_to(stack.frame, RIGHT, buff=SPACE.sm).match_y(target)
        right = VGroup(self.math(POST_LN), self.math(THIS_ONE, color=t.yellow),
                       label(self.t("place.post"), th.SMALL, t.yellow),
                       label(self.t("place.residual"), th.SMALL, t.muted))
        right.arrange(DOWN, buff=SPACE.lg)
        left = VGroup(times, stack, here)
        self.on_stage(VGroup(left, right).arrange(RIGHT, buff=SPACE.xxl), margin=SPACE.lg)
        self.play(FadeIn(stack), FadeIn(times), run_time=PACE.steady)
        self.say("place.say2", layers=self.n_layers, d=self.d)
        self.play(Create(self.frame(target, t.red)), FadeIn(here), run_time=PACE.beat)
        self.say("place.say3")
        self.play(FadeIn(right[:2]), run_time=PACE.steady)
        self.play(FadeIn(right[2:]), run_time=PACE.quick)

    # ------------------------------------------------------------------ 2
    def residual(self):
        t, n, d = self.theme, self.n, self.d
        self.say("add.say1", n=n, d=d)
        mats = [self.rows(self.tr["x"], "add.x", color=t.blue),
                self.rows(self.tr["f"], "add.f", color=t.green),
                self.rows(self.tr["s"], "add.s", color=t.orange)]
        plus, eq = self.math("+"), self.math("=")
        column = VGroup(mats[0], plus, mats[1], eq, mats[2]).arrange(DOWN, buff=SPACE.xs)
        for sym, m in ((plus, mats[0]), (eq, mats[1])):
            sym.match_x(m.grid)
        caps = [self.caption("add.x", "x", t.blue),
                self.caption("add.f", r"\mathrm{MHA}(x)", t.green),
                self.caption("add.s", r"s = x + \mathrm{MHA}(x)", t.orange)]
        for cap, m in zip(caps, mats):
            cap.next_to(m, LEFT, buff=SPACE.lg)
        self.on_stage(VGroup(column, *caps), margin=SPACE.lg)
        shape = self.text("add.shape", th.SMALL, t.muted, n=n, d=d)
        shape.to_edge(RIGHT, buff=SPACE.lg).match_y(self._heading)
        self.play(FadeIn(mats[0]), FadeIn(caps[0]), run_time=PACE.beat)
        self.say("add.say2")
        self.play(FadeIn(plus), FadeIn(mats[1]), FadeIn(caps[1]), run_time=PACE.beat)
        self.say("add.say3")
        self.play(FadeIn(eq), FadeIn(mats[2]), FadeIn(caps[2]), FadeIn(shape),
                  run_time=PACE.steady)
        rows = VGroup(*(self.frame(m.row(self.i)) for m in mats))
        self.play(Create(rows), run_time=PACE.beat)

    # ------------------------------------------------------------------ 3
    def stats(self):
        t, i = self.theme, self.i
        mean, var = self.mean[i], self.var[i]
        std = float(np.sqrt(var))
        self.say("stats.say1", word=self.word, d=self.d)
        bars = FeatureBars(self.tr["s"][i], "stats.s_row", self.unit,
                           width=self.stage().width / 2, colour=t.orange)
        title = self.text("stats.features", th.SMALL, t.muted, word=self.word, d=self.d)
        title.next_to(bars, UP, buff=SPACE.md)
        m_text = self.text("stats.mean", th.SMALL, t.yellow, decimals=self.decimals, mean=mean)
        v_text = self.text("stats.var", th.SMALL, t.text, decimals=self.decimals, var=var)
        note = label(self.t("stats.band"), th.SMALL, t.muted)
        facts = VGroup(m_text, v_text, note).arrange(RIGHT, buff=SPACE.xl)
        facts.next_to(bars, DOWN, buff=SPACE.md)
        table = self.stats_table("stats.table")
        head = label(self.t("stats.per_token"), th.SMALL, t.muted)
        right = VGroup(head, table).arrange(DOWN, buff=SPACE.sm)
        self.on_stage(VGroup(VGroup(title, bars, facts), right)
                      .arrange(RIGHT, buff=SPACE.xxl), margin=SPACE.lg)
        self.play(FadeIn(title), FadeIn(bars), run_time=PACE.steady)
        self.say("stats.say2", decimals=self.decimals, mean=mean, var=var)
        mu_line = bars.level(mean, t.yellow)
        band = VGroup(bars.level(mean + std, t.muted), bars.level(mean - std, t.muted))
        self.play(Create(mu_line), Create(band), FadeIn(facts), run_time=PACE.steady)
        self.say("stats.say3")
        self.play(FadeIn(head), FadeIn(table), run_time=PACE.beat)
        self.play(Create(self.frame(table.row(i))), run_time=PACE.quick)

    # ------------------------------------------------------------------ 4
    def norm(self):
        t, i = self.theme, self.i
        mean, var, std = self.ln["mean"][i], self.ln["var"][i], self.ln["std"][i]
        new_mean, new_var = self.new_mean, self.new_var
        self.say("norm.say1", decimals=None, eps=LN_EPS)
        general = self.math(*NORMALISE)
        eps = self.text("norm.eps", th.SMALL, t.muted, decimals=None, eps=LN_EPS)
        top = VGroup(general, eps).arrange(RIGHT, buff=SPACE.xl)
        worked = NumberMathTex(WORKED, "norm.worked",
                               decimals={"mean": self.decimals, "var": self.decimals,
                                         "std": self.std_decimals},
                               font_size=MATH, color=t.text, mean=mean, var=var, std=std)
        worked.next_to(top, DOWN, buff=SPACE.sm).align_to(general[1], LEFT)
        width = self.stage().width / 2 - SPACE.xxl - SPACE.xl
        before = FeatureBars(self.tr["s"][i], "norm.s_row", self.unit, width, t.orange)
        after = FeatureBars(self.ln["x_hat"][i], "norm.x_hat_row", self.unit, width, t.blue)
        after.next_to(before, RIGHT, buff=2 * SPACE.xxl)
        after.shift(UP * (before.zero_y - after.zero_y))  # one zero line for both
        caps = [label(self.t(key), th.SMALL, c).next_to(m, UP, buff=SPACE.md)
                for key, c, m in (("norm.before", t.orange, before),
                                  ("norm.after", t.blue, after))]
        self.level_tops(*caps)
        old = self.text("norm.result", th.SMALL, t.orange, decimals=self.decimals, mean=mean,
                        var=var).next_to(before, DOWN, buff=SPACE.md)
        result = self.text("norm.result", th.SMALL, t.blue, decimals=self.decimals,
                           mean=new_mean, var=new_var).next_to(after, DOWN, buff=SPACE.md)
        self.level_tops(old, result)
        charts = VGroup(*caps, before, after, old, result)
        self.on_stage(VGroup(VGroup(top, worked), charts).arrange(DOWN, buff=SPACE.lg),
                      margin=SPACE.lg)

        def lines(bars, m, v):
            return VGroup(bars.level(m, t.yellow), bars.level(m + np.sqrt(v), t.muted),
                          bars.level(m - np.sqrt(v), t.muted))

        b_lines, a_lines = lines(before, mean, var), lines(after, new_mean, new_var)
        arrow = flow_arrow(before.axis.get_right(), after.axis.get_left(), t.muted,
                           buff=SPACE.md)
        self.play(FadeIn(top), FadeIn(before), FadeIn(caps[0]), Create(b_lines),
                  run_time=PACE.steady)
        self.play(FadeIn(old), run_time=PACE.flash)
        self.say("norm.say2", decimals=self.std_decimals, word=self.word, std=std)
        self.play(FadeIn(worked), run_time=PACE.beat)
        self.say("norm.say3", decimals=self.decimals, mean=new_mean, var=new_var)
        self.play(TransformFromCopy(before, after), TransformFromCopy(b_lines, a_lines),
                  FadeIn(arrow), FadeIn(caps[1]), run_time=PACE.slow)
        self.play(FadeIn(result), run_time=PACE.quick)

    # ------------------------------------------------------------------ 5
    def affine(self):
        t, i, d = self.theme, self.i, self.d
        gamma, beta = self.tr["gamma"], self.tr["beta"]
        self.say("affine.say1", d=d)
        formula = self.math(AFFINE)
        lines = [(r"\hat{x}", self.ln["x_hat"][i], "affine.x_hat", t.blue),
                 (r"\gamma", gamma, "affine.gamma", t.purple),
                 (r"\beta", beta, "affine.beta", t.purple),
                 ("y", self.ln["y"][i], "affine.y", t.red)]
        vectors = VGroup(*(ElidedMatrix(v, name, self.decimals, max_cols=self.max_cols,
                                        color=c) for _, v, name, c in lines))
        vectors.arrange(DOWN, buff=SPACE.md)
        names = VGroup(*(self.math(tex, color=c).next_to(m, LEFT, buff=SPACE.md)
                         for (tex, _, _, c), m in zip(lines, vectors)))
        word = label(f"「{self.word}」" if self.lang == "zh" else f"“{self.word}”", th.SMALL,
                     t.muted).next_to(names[0], LEFT, buff=SPACE.md)
        rng = {"gmin": float(gamma.min()), "gmax": float(gamma.max()),
               "bmin": float(beta.min()), "bmax": float(beta.max())}
        span = self.text("affine.range", th.SMALL, t.purple, decimals=self.decimals, **rng)
        self.on_stage(VGroup(formula, VGroup(vectors, names, word), span)
                      .arrange(DOWN, buff=SPACE.lg), margin=SPACE.lg)
        self.play(FadeIn(formula), FadeIn(vectors[0]), FadeIn(names[0]), FadeIn(word),
                  run_time=PACE.beat)
        self.play(FadeIn(VGroup(vectors[1:-1], names[1:-1])), run_time=PACE.beat)
        self.say("affine.say2", decimals={**dict.fromkeys(rng, self.decimals), "g_start": 0,
                                          "b_start": 0},
                 g_start=float(self.ln_init["gamma"][0]), b_start=float(self.ln_init["beta"][0]),
                 **rng)
        self.play(FadeIn(span), run_time=PACE.quick)
        self.say("affine.say3", word=self.word)
        self.play(FadeIn(vectors[-1]), FadeIn(names[-1]), run_time=PACE.beat)
        self.play(Create(self.frame(vectors[-1], t.red)), run_time=PACE.flash)

    # ------------------------------------------------------------------ 6
    def shared(self):
        t, d = self.theme, self.d
        self.say("shared.say1")
        own = self.stats_table("shared.own")
        text = self.t("shared.gamma_beta")
        box = Block(text, t.purple, width=label(text, th.BODY).width + 2 * SPACE.xl,
                    height=own.grid.height + 2 * SPACE.md, size=th.BODY)
        out = ElidedMatrix(self.ln["y"], "shared.y", self.decimals, max_cols=self.max_cols,
                           size=th.SMALL, color=t.red)
        row = VGroup(own, box, out).arrange(RIGHT, buff=SPACE.xxl)
        box.match_y(own.grid)
        out.shift(UP * (own.row(0).get_y() - out.row(0).get_y()))  # row by row with own
        titles = [label(self.t(key), th.SMALL, c).next_to(m, UP, buff=SPACE.md)
                  for key, c, m in (("shared.own", t.orange, own), ("shared.all", t.purple, box),
                                    ("shared.out", t.red, out))]
        self.level_tops(*titles)
        params = self.text("shared.params", th.SMALL, t.purple, d=d, params=2 * d)
        params.next_to(box, DOWN, buff=SPACE.md)
        self.on_stage(VGroup(row, *titles, params), margin=SPACE.lg)
        arrows = VGroup()
        for r in range(self.n):
            y = own.row(r).get_y()
            arrows.add(flow_arrow([own.get_right()[0], y, 0], [box.get_left()[0], y, 0],
                                  t.muted))
            arrows.add(flow_arrow([box.get_right()[0], y, 0],
                                  [out.get_left()[0], out.row(r).get_y(), 0], t.muted))
        self.play(FadeIn(own), FadeIn(titles[0]), run_time=PACE.beat)
        self.say("shared.say2", d=d, params=2 * d)
        self.play(FadeIn(box), FadeIn(titles[1]), FadeIn(params), run_time=PACE.beat)
        self.play(Create(arrows), FadeIn(out), FadeIn(titles[2]), run_time=PACE.steady)

    # ------------------------------------------------------------------ 7
    def grad(self):
        t, i, d = self.theme, self.i, self.d
        j_blk, r_blk = token_block(self.jac, i, d), token_block(self.with_res, i, d)
        self.say("grad.say1")
        formula = self.math(JACOBIAN)
        lim = float(np.abs(r_blk).max())
        side = self.stage().height / 2
        maps, titles, diags = [], VGroup(), VGroup()
        for key, name, blk, colour in (("grad.without", "grad.jacobian", j_blk, t.green),
                                       ("grad.with", "grad.residual", r_blk, t.orange)):
            maps.append(Heatmap(blk, name, width=side, vmin=-lim, vmax=lim))
            titles.add(label(self.t(key), th.SMALL, colour))
            diags.add(self.text("grad.diag", th.SMALL, colour, decimals=self.decimals,
                                diag=float(np.mean(np.diag(blk)))))
        Group(*maps).arrange(RIGHT, buff=SPACE.xxl)
        for hm, title, diag in zip(maps, titles, diags):
            title.next_to(hm, UP, buff=SPACE.sm)
            diag.next_to(hm, DOWN, buff=SPACE.sm)
        bar = ColorBar(-lim, lim, "grad.scale", height=side, decimals=1)
        bar.next_to(maps[1], RIGHT, buff=SPACE.md)
        which = self.text("grad.block", th.SMALL, t.muted, word=self.word, d=d)
        which.next_to(diags, DOWN, buff=SPACE.md)
        gains = {"without": rms_gain(self.jac), "with_res": rms_gain(self.with_res)}
        g0 = self.text("grad.gain", th.BODY, t.green, decimals=self.decimals,
                       gain=gains["without"])
        g1 = self.text("grad.gain", th.BODY, t.orange, decimals=self.decimals,
                       gain=gains["with_res"])
        right = VGroup(formula, VGroup(g0, g1).arrange(DOWN, buff=SPACE.lg))
        right.arrange(DOWN, buff=SPACE.xl)
        self.on_stage(Group(Group(*maps, titles, diags, bar, which), right)
                      .arrange(RIGHT, buff=SPACE.xxl), margin=SPACE.lg)
        self.play(FadeIn(formula), run_time=PACE.beat)
        self.say("grad.say2", word=self.word, d=d)
        self.play(FadeIn(maps[0]), FadeIn(titles[0]), FadeIn(which), run_time=PACE.beat)
        self.play(FadeIn(maps[1]), FadeIn(titles[1]), FadeIn(bar), run_time=PACE.beat)
        self.play(FadeIn(diags), run_time=PACE.quick)
        self.say("grad.say3", decimals=self.decimals, **gains)
        self.play(FadeIn(g0), FadeIn(g1), run_time=PACE.beat)
        self.say("grad.say4")

    # ------------------------------------------------------------------ 8
    def keep(self):
        t, i, cos = self.theme, self.i, self.cos
        self.say("keep.say1")
        cols = ["cos(x, y)", "cos(MHA(x), y)", "cos(x, MHA(x))"]
        table = NumberMatrix(cos, "keep.cos", self.decimals, row_labels=list(self.words),
                             col_labels=cols, size=th.BODY, brackets=False,
                             cell_w=self.stage().width / (len(cols) + 2), cell_h=SPACE.xl)
        defn = self.math(THIS_ONE, color=t.muted)
        recap = self.math(POST_LN, color=t.yellow)
        self.on_stage(VGroup(defn, table, recap).arrange(DOWN, buff=SPACE.xl), margin=SPACE.lg)
        self.play(FadeIn(defn), FadeIn(table), run_time=PACE.steady)
        self.say("keep.say2", decimals=self.decimals, word=self.word, cx=float(cos[i, 0]),
                 cf=float(cos[i, 1]))
        self.play(Create(VGroup(self.frame(table.entry(i, 0)), self.frame(table.entry(i, 1)))),
                  run_time=PACE.quick)
        self.say("keep.say3", decimals=self.decimals, cxf=float(cos[i, 2]))
        self.play(Create(self.frame(table.entry(i, 2), t.green)), run_time=PACE.quick)
        self.say("keep.say4")
        self.play(FadeIn(recap, shift=UP * SPACE.sm), run_time=PACE.beat)
