"""Cross-attention and temperature: where the decoder's queries, keys and values come from, the
trained model's cross-attention as a word alignment between the Chinese source and its English
translation (head mean of the last decoder layer, then every head), and one real next-token
distribution of that translation under softmax(z / T) for a few temperatures, with its entropy:
the bridge from probabilities to sampling. Every number is computed.

    manim -pql scenes/cross_attention.py CrossAttention
"""

from __future__ import annotations

import math

import numpy as np
from manim import (
    DL,
    DOWN,
    DR,
    LEFT,
    RIGHT,
    UL,
    UP,
    UR,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    Group,
    MathTex,
    SurroundingRectangle,
    VGroup,
    Write,
)

from scenes import reference as ref
from scenes.kit import Heatmap, LectureScene, LinePlot, NumberMatrix, flow_arrow, label
from scenes.kit import theme as th
from scenes.kit.base import Region
from scenes.kit.charts import ProbBars
from scenes.kit.diagram import ARROW_STROKE
from scenes.kit.theme import PACE, SPACE
from scenes.parts.cross_attention import SideColumn, halves, strongest_tags, text_block
from scenes.reference.cross_attention import (
    entropy,
    entropy_curve,
    greedy_limit,
    head_entropies,
    least_certain_step,
    softmax_t,
    translation_logits,
    uniform_entropy,
)
from scenes.reference.training_loop import load_log, top_tokens

XATTN = r"\mathrm{CrossAttn}(Y, M) = \mathrm{softmax}\!\left(\frac{Q K^{T}}{\sqrt{d_k}}\right) V"
SOFTMAX_T = r"p_i(T) = \frac{e^{z_i / T}}{\sum_j e^{z_j / T}}"

# where every number of the scene comes from (scenes.tools.numbers: the numbers files, the
# player's panel, the handouts); "<record>{key}" is the placeholder key of a text or subtitle
OPS = "scenes.reference.cross_attention"
WEIGHTS = (f"{OPS}.cross_attention: decoder[layer]'s weights, teacher-forced on the model's "
           f"translation ({OPS}.translation_logits)")
LOGITS = (f"{OPS}.translation_logits: the logits z of the step {OPS}.least_certain_step "
          "picks")
ORIGINS = {
    "*where.encoder{n}": "model.config.n_encoder_layers",
    "*{n}": "settings.sentence: its number of words (the encoder's rows)",
    "{d}": "model.config.d_model",
    "{h}": "model.config.n_heads",
    "*{m}": f"{OPS}.translation_logits: <bos> + the model's translation, the decoder's rows",
    "*{layers}": "model.config.n_decoder_layers",
    "*{layer}": "CrossAttention.layer: counted from 1",
    "align.mean": f"{WEIGHTS}, mean over the heads",
    "*align.say2{one}": f"{WEIGHTS}, mean over the heads, the first row's sum",
    "*align.say3{w}": f"{WEIGHTS}, mean over the heads, the largest",
    "*{g}": "scenes.reference.training_loop.load_log: config align_weight, the weight of the "
            "alignment loss in training",
    "*heads.title{k}": "model.config.n_heads: head 1 to n",
    "*heads.title{H}": f"{OPS}.head_entropies: each head's mean row entropy, of "
                       "CrossAttention.heads_layer",
    "heads.weights": f"{OPS}.cross_attention: the weights of decoder layer "
                     "CrossAttention.heads_layer, one head each",
    "*heads.*{layer}": "CrossAttention.heads_layer: counted from 1",
    "*heads.say2{zero}": f"{OPS}.entropy: of {OPS}.greedy_limit (all weight on one key)",
    "*heads.say2{max}": f"{OPS}.uniform_entropy: of the source words",
    "*heads.say2{n}": "settings.sentence: its number of words",
    "*heads.say3{a}": f"{OPS}.head_entropies: the sharpest head of heads_layer (from 1)",
    "*heads.say3{ha}": f"{OPS}.head_entropies: the smallest",
    "*heads.say3{b}": f"{OPS}.head_entropies: the flattest head of heads_layer (from 1)",
    "*heads.say3{hb}": f"{OPS}.head_entropies: the largest",
    "*logits.say1{step}": f"{OPS}.least_certain_step: counted from 1",
    "*logits.say1{n}": f"{OPS}.translation_logits: <bos> + the translation, its steps",
    "logits.z": f"{LOGITS}, its top_k words ({OPS}.softmax_t)",
    "*{v}": "model.tgt_vocab: its size",
    "*logits.more{rest}": "model.tgt_vocab: its size, less CrossAttention.top_k",
    "*{t}": "CrossAttention.neutral: softmax(z / 1) = softmax(z)",
    "*temps.title{t}": "CrossAttention.temperatures",
    "temps.p?": f"{OPS}.softmax_t: p(T) of {LOGITS}, at each of CrossAttention.temperatures",
    "*temps.rest{k}": "model.tgt_vocab: its size, less CrossAttention.top_k",
    "*temps.rest{p}": f"{OPS}.softmax_t: the probability of the other words",
    "*temps.entropy{h}": f"{OPS}.entropy: of each p(T)",
    "*temps.say2{lo}": "CrossAttention.temperatures: the lowest",
    "*temps.say3{hi}": "CrossAttention.temperatures: the highest",
    "*temps.say4{lo}": f"{OPS}.entropy: the smallest of the p(T)",
    "*temps.say4{hi}": f"{OPS}.entropy: the largest of the p(T)",
    "limits.curve": f"{OPS}.entropy_curve: H(T) over CrossAttention.curve_t; dots at "
                    "CrossAttention.temperatures",
    "limits.curve.x_axis": "CrossAttention.curve_t: whole temperatures",
    "limits.curve.y_axis": f"{OPS}.uniform_entropy: whole nats up to it",
    "*limits.say2{zero}": f"{OPS}.entropy: of {OPS}.greedy_limit (T -> 0)",
    "*limits.greedy_h{h}": f"{OPS}.entropy: of {OPS}.greedy_limit (T -> 0)",
    "*limits.*{h}": f"{OPS}.uniform_entropy: in nats (T -> infinity)",
    "*limits.*{b}": f"{OPS}.uniform_entropy: in bits",
}


class CrossAttention(LectureScene):
    layer = -1  # decoder layer whose cross-attention is shown (the last)
    heads_layer = 0  # the layer whose heads are compared (the first: the last layer's heads,
    # guided to align in training, all look alike)
    decimals = 2  # attention weights
    temperatures = (0.5, 1.0, 2.0)  # the temperatures compared (one panel each)
    neutral = 1.0  # the temperature of the plain softmax: softmax(z / 1) = softmax(z)
    temp_decimals = 1
    top_k = 5  # words shown of the next-token distribution
    prob_decimals = 3
    logit_decimals = 2
    head_h_decimals = 2  # mean row entropies of the heads
    h_decimals = 3  # entropies of the next-word distribution
    unit = "nats"  # entropy with the natural logarithm
    curve_t = (0.05, 4.0)  # range of T drawn in the entropy curve
    curve_points = 80
    math_size = 36  # formulas
    stagger = 0.15  # lag ratio of the tags brought in one after another
    origins = ORIGINS  # where every number comes from (scenes.tools.numbers)

    steps = ("where", "align", "heads", "logits", "temps", "limits")

    def prepare(self):
        self.model = ref.load_model()
        cfg = self.model.config
        self.d, self.n_heads, self.d_k = cfg.d_model, cfg.n_heads, cfg.d_k
        self.n_layers = cfg.n_decoder_layers
        self.layer_no = range(1, self.n_layers + 1)[self.layer]  # 1-based, for the viewer
        self.src = list(self.words)
        self.tgt, self.step_logits = translation_logits(self.model, self.src)  # [m, V]
        self.m = len(self.tgt) + 1  # decoder positions: <bos> + translation
        w = ref.cross_attention(self.model, self.src, self.tgt, self.layer)  # [h, m, n]
        self.head_weights = w[:, : len(self.tgt)]  # rows that predict the translation's words
        self.mean = self.head_weights.mean(axis=0)  # [n_tgt, n_src]
        w = ref.cross_attention(self.model, self.src, self.tgt, self.heads_layer)
        self.layer_heads = w[:, : len(self.tgt)]  # [h, n_tgt, n_src]
        self.heads_layer_no = range(1, self.n_layers + 1)[self.heads_layer]
        self.align_weight = load_log()["config"]["align_weight"]
        # the next-token distribution least certain under the plain softmax, and its top words
        self.s = least_certain_step(self.step_logits, self.unit)
        self.z = z = self.step_logits[self.s]  # [V]
        self.top = top_tokens(softmax_t(z, self.neutral), self.top_k)
        self.top_words = [self.model.tgt_vocab[i] for i in self.top]
        self.probs = [softmax_t(z, T) for T in self.temperatures]  # [V] per temperature
        self.entropies = [float(entropy(p, self.unit)) for p in self.probs]
        t = self.theme
        self.colour = {"q": t.blue, "k": t.orange, "v": t.green}

    # ------------------------------------------------------------------ helpers
    def math(self, tex: str, colour: str | None = None, size: float | None = None) -> MathTex:
        return MathTex(tex, color=colour or self.theme.text, font_size=size or self.math_size)

    # ------------------------------------------------------------------ 1
    def where(self):
        c, n, m, d = self.colour, len(self.src), self.m, self.d
        stage = self.stage()
        side_width = stage.width / 2 - SPACE.xxl
        self.say("where.say1")
        enc = SideColumn(self.src, self.theme.orange,
                         self.text("where.encoder", th.SMALL, n=self.model.config.n_encoder_layers),
                         self.text("where.memory", th.SMALL, n=n, d=d), side_width)
        dec = SideColumn([ref.BOS] + self.tgt, self.theme.blue,
                         label(self.t("where.masked"), th.SMALL),
                         self.text("where.y", th.SMALL, m=m, d=d), side_width)
        bottom = [0, stage.y0 + SPACE.sm, 0]
        enc.to_edge(LEFT, buff=SPACE.lg).align_to(bottom, DOWN)
        dec.to_edge(RIGHT, buff=SPACE.lg).align_to(bottom, DOWN)
        src_cap = label(self.t("where.source"), th.SMALL, self.theme.orange)
        tgt_cap = label(self.t("where.target"), th.SMALL, self.theme.blue)
        src_cap.next_to(enc.arrows[0], RIGHT, buff=SPACE.sm)
        tgt_cap.next_to(dec.arrows[0], LEFT, buff=SPACE.sm)
        gap = dec.out.get_left()[0] - enc.out.get_right()[0]  # between the two outputs
        cross = text_block(label(self.t("where.cross"), th.BODY, weight="BOLD"),
                           self.theme.purple, gap - 2 * SPACE.xxl)
        cross.align_to([0, stage.y1, 0], UP)
        self.play(FadeIn(enc), FadeIn(src_cap), run_time=PACE.steady)
        self.play(FadeIn(dec), FadeIn(tgt_cap), FadeIn(cross), run_time=PACE.steady)
        self.say("where.say2", m=m)
        q_arrow = flow_arrow(dec.out.get_top(), cross.get_corner(DR) + LEFT * SPACE.xxl, c["q"])
        q_tex = self.math(r"Q = Y\,W_Q", c["q"]).next_to(q_arrow.get_center(), UR,
                                                       buff=SPACE.xs)
        self.play(Create(q_arrow), FadeIn(q_tex), run_time=PACE.beat)
        self.say("where.say3", n=n, layers=self.n_layers)
        k_arrow = flow_arrow(enc.out.get_top() + RIGHT * SPACE.xl,
                             cross.get_corner(DL) + RIGHT * SPACE.xxl, c["k"])
        v_arrow = flow_arrow(enc.out.get_top() + LEFT * SPACE.xl, cross.get_left(), c["v"])
        k_tex = self.math(r"K = M\,W_K", c["k"]).next_to(k_arrow.get_center(), DR,
                                                       buff=SPACE.hair)
        v_tex = self.math(r"V = M\,W_V", c["v"]).next_to(v_arrow.get_center(), UL,
                                                       buff=SPACE.hair)
        self.play(Create(k_arrow), Create(v_arrow), FadeIn(k_tex), FadeIn(v_tex),
                  run_time=PACE.beat)
        self.say("where.say4", m=m, n=n, h=self.n_heads)
        formula = self.math(XATTN)
        shape = self.text("where.weights", th.SMALL, self.theme.purple, h=self.n_heads, m=m, n=n)
        # between the two columns, above the captions, below the outputs' tops
        between = Region(enc.get_right()[0] + SPACE.md, dec.get_left()[0] - SPACE.md,
                         max(src_cap.get_top()[1], tgt_cap.get_top()[1]) + SPACE.sm,
                         enc.out.get_top()[1])
        between.fit(formula)
        self.on_stage(VGroup(formula, shape).arrange(DOWN, buff=SPACE.md), between, margin=0)
        self.play(Write(formula), FadeIn(shape), run_time=PACE.steady)

    # ------------------------------------------------------------------ 2
    def align(self):
        w, rows, cols = self.mean, len(self.tgt), len(self.src)
        stage = self.stage()
        cell = min(SPACE.xxl, (stage.height - 2 * SPACE.xxl) / rows,
                   (stage.width / 2 - SPACE.xxl) / cols)
        self.say("align.say1", layer=self.layer_no, h=self.n_heads)
        heat = Heatmap(w, "align.mean", width=cell * cols, height=cell * rows, diverging=False,
                       show_values=True, decimals=self.decimals, size=th.SMALL)
        row_names = heat.label_rows(self.tgt, th.SMALL).set_color(self.colour["q"])
        col_names = heat.label_cols(self.src, th.SMALL).set_color(self.colour["k"])
        rows_cap = label(self.t("align.rows"), th.SMALL, self.colour["q"])
        rows_cap.align_to(row_names, RIGHT).set_y(col_names.get_y())
        cols_cap = label(self.t("align.cols"), th.SMALL, self.colour["k"])
        cols_cap.next_to(col_names, UP, buff=SPACE.sm)
        outlines, tags = strongest_tags(heat, w, self.src, self.theme.red)
        which = VGroup(self.text("align.which", th.SMALL, self.theme.muted, layer=self.layer_no,
                                 layers=self.n_layers),
                       self.text("align.heads", th.SMALL, self.theme.muted, h=self.n_heads))
        which.arrange(DOWN, aligned_edge=LEFT, buff=SPACE.xs)
        which.next_to(tags, RIGHT, buff=SPACE.xxl).align_to(cols_cap, UP)
        note = self.text("align.guided", th.TINY, self.theme.muted, decimals=1,
                         g=self.align_weight)
        figure = Group(heat, row_names, col_names, rows_cap, cols_cap, outlines, tags, which)
        self.on_stage(Group(figure, note).arrange(DOWN, buff=SPACE.xxl), stage, margin=0)
        self.play(FadeIn(heat), FadeIn(row_names), FadeIn(col_names), FadeIn(rows_cap),
                  FadeIn(cols_cap), FadeIn(which), run_time=PACE.steady)
        self.say("align.say2", first=self.tgt[0], one=float(w[0].sum()))
        self.play(Create(outlines), FadeIn(tags, lag_ratio=self.stagger), run_time=PACE.steady)
        i, j = np.unravel_index(int(np.argmax(w)), w.shape)
        self.say("align.say3", decimals=self.decimals, a=self.tgt[i], b=self.src[j],
                 w=float(w[i, j]))
        self.play(FadeIn(note), run_time=PACE.quick)
        self.say("align.say4", decimals=1, g=self.align_weight)

    # ------------------------------------------------------------------ 3
    def heads(self):
        rows, cols = len(self.tgt), len(self.src)
        stage = self.stage()
        h_all = head_entropies(self.layer_heads, self.unit)  # [h]
        h_max = uniform_entropy(cols, self.unit)  # a row spread evenly over the source words
        sharp, flat = int(np.argmin(h_all)), int(np.argmax(h_all))
        self.say("heads.say1", h=self.n_heads, layer=self.heads_layer_no)
        per_row = (self.n_heads + 1) // 2  # two rows of tiles
        cell = min((stage.height / 2 - SPACE.xxl) / rows,
                   (stage.width / per_row - SPACE.xxl) / cols)
        tiles = Group()
        for k in range(self.n_heads):
            heat = Heatmap(self.layer_heads[k], "heads.weights", width=cell * cols,
                           height=cell * rows, diverging=False)
            title = self.text("heads.title", th.SMALL,
                              decimals={"k": 0, "H": self.head_h_decimals}, k=k + 1,
                              H=float(h_all[k]))
            tiles.add(Group(title, heat).arrange(DOWN, buff=SPACE.xs))
        tiles.arrange_in_grid(rows=2, cols=per_row, buff=(SPACE.xl, SPACE.lg))
        legend = self.text("heads.legend", th.SMALL, self.theme.muted,
                           rows=" ".join(self.tgt), cols=" ".join(self.src),
                           layer=self.heads_layer_no)
        stage.fit(legend, SPACE.md)
        self.on_stage(Group(tiles, legend).arrange(DOWN, buff=SPACE.md), stage, margin=0)
        self.play(FadeIn(tiles), FadeIn(legend), run_time=PACE.steady)
        zero = float(entropy(greedy_limit(self.mean[0]), self.unit))  # one key only
        self.say("heads.say2", decimals={"zero": 0, "max": self.head_h_decimals, "n": 0},
                 zero=zero, max=h_max, n=cols)
        marks = VGroup(SurroundingRectangle(tiles[sharp], color=self.theme.green, buff=SPACE.xs),
                       SurroundingRectangle(tiles[flat], color=self.theme.red, buff=SPACE.xs))
        self.play(Create(marks), run_time=PACE.beat)
        self.say("heads.say3", decimals={"a": 0, "b": 0, "ha": self.head_h_decimals,
                                         "hb": self.head_h_decimals},
                 a=sharp + 1, ha=float(h_all[sharp]), b=flat + 1, hb=float(h_all[flat]))
        self.wait(PACE.quick)
        self.say("heads.say4")

    # ------------------------------------------------------------------ 4
    def logits(self):
        z, vocab = self.z, self.model.tgt_vocab
        left, right = halves(self.stage())
        prefix = [ref.BOS] + self.tgt[: self.s]
        self.say("logits.say1", step=self.s + 1, n=self.m)
        src = label(self.t("logits.source") + " " + " ".join(self.src), th.SMALL)
        ctx = label(self.t("logits.prefix") + " " + " ".join(prefix) + "  →  ?", th.SMALL)
        context = VGroup(src, ctx).arrange(DOWN, aligned_edge=LEFT, buff=SPACE.sm)
        formula = self.math(SOFTMAX_T, size=th.TITLE)
        t_note = label(self.t("logits.t_note"), th.SMALL, self.theme.muted)
        t_note.next_to(formula, DOWN, buff=SPACE.lg)
        self.on_stage(VGroup(context, VGroup(formula, t_note)).arrange(DOWN, buff=SPACE.xxl),
                   left, margin=0)
        table = NumberMatrix(z[self.top][:, None], "logits.z", self.logit_decimals,
                             row_labels=self.top_words, size=th.SMALL)
        z_cap = self.math(r"z", self.colour["q"]).next_to(table.grid, UP, buff=SPACE.md)
        more = self.text("logits.more", th.SMALL, self.theme.muted, v=len(vocab),
                         rest=len(vocab) - self.top_k)
        col = self.on_stage(VGroup(z_cap, table, more).arrange(DOWN, buff=SPACE.md), right,
                            margin=0)
        self.play(FadeIn(context), run_time=PACE.beat)
        self.play(FadeIn(col), run_time=PACE.beat)
        self.say("logits.say2", v=len(vocab))
        self.play(Write(formula), FadeIn(t_note), run_time=PACE.steady)
        self.say("logits.say3", decimals=self.temp_decimals, t=self.neutral)

    # ------------------------------------------------------------------ 5
    def temps(self):
        vocab, t, temps = self.model.tgt_vocab, self.theme, self.temperatures
        self.say("temps.say1", decimals=self.temp_decimals, t=self.neutral)
        colours = {-1: t.blue, 0: t.purple, 1: t.orange}
        panels = Group()
        for k, (T, p, h) in enumerate(zip(temps, self.probs, self.entropies)):
            colour = colours[int(np.sign(T - self.neutral))]
            title = self.text("temps.title", th.BODY, colour, decimals=self.temp_decimals,
                              weight="BOLD", t=T)
            bars = ProbBars(self.top_words, p[self.top], f"temps.p{k}", self.prob_decimals,
                            colours=colour)
            rest = self.text("temps.rest", th.SMALL, t.muted,
                             decimals={"k": 0, "p": self.prob_decimals},
                             k=len(vocab) - self.top_k, p=1 - float(p[self.top].sum()))
            ent = self.text("temps.entropy", th.SMALL, colour, decimals=self.h_decimals, h=h)
            panels.add(Group(title, bars, rest, ent).arrange(DOWN, buff=SPACE.md))
        self.on_stage(panels.arrange(RIGHT, buff=SPACE.xxl), self.stage(), margin=0)
        order = sorted(range(len(temps)), key=lambda k: abs(temps[k] - self.neutral))
        self.play(FadeIn(panels[order[0]]), run_time=PACE.beat)
        self.say("temps.say2", decimals=self.temp_decimals, lo=min(temps))
        lows = [k for k in order[1:] if temps[k] < self.neutral]
        highs = [k for k in order[1:] if temps[k] >= self.neutral]
        if lows:
            self.play(*(FadeIn(panels[k], shift=RIGHT * SPACE.sm) for k in lows),
                      run_time=PACE.beat)
        self.say("temps.say3", decimals=self.temp_decimals, hi=max(temps))
        if highs:
            self.play(*(FadeIn(panels[k], shift=LEFT * SPACE.sm) for k in highs),
                      run_time=PACE.beat)
        self.say("temps.say4", decimals=self.h_decimals, lo=min(self.entropies),
                 hi=max(self.entropies))
        box = VGroup(*(SurroundingRectangle(panel[-1], color=t.yellow, buff=SPACE.xs)
                       for panel in panels))
        self.play(Create(box), run_time=PACE.quick)

    # ------------------------------------------------------------------ 6
    def limits(self):
        z, v, t = self.z, len(self.model.tgt_vocab), self.theme
        left, right = halves(self.stage())
        h_uni = uniform_entropy(v, self.unit)
        h_bits = uniform_entropy(v, "bits")
        top, t_max = math.ceil(h_uni), math.ceil(self.curve_t[1])
        ts = np.linspace(*self.curve_t, self.curve_points)
        temps, entropies = np.array(self.temperatures), np.array(self.entropies)
        plot = LinePlot({"H": (ts, entropy_curve(z, ts, self.unit))}, "limits.curve",
                        x_range=(0, t_max, 1), y_range=(0, top, 1),
                        width=left.width - 2 * SPACE.xxl, height=left.height / 2,
                        colours=[t.purple], x_label="T", y_label=self.t("limits.y_label"),
                        dots={"H": (temps, entropies)})
        marks = VGroup(*(Dot(plot.point(T, h), color=t.purple) for T, h in zip(temps, entropies)))
        uni = DashedLine(plot.point(0, h_uni), plot.point(t_max, h_uni), color=t.orange,
                         stroke_width=ARROW_STROKE)
        self.on_stage(VGroup(plot, marks, uni), left, margin=0)
        self.say("limits.say1")
        self.play(FadeIn(plot), FadeIn(marks), run_time=PACE.steady)
        greedy = self.text("limits.greedy", th.SMALL, t.blue, word=self.top_words[0])
        h_cold = float(entropy(greedy_limit(z), self.unit))
        greedy_h = self.text("limits.greedy_h", th.SMALL, t.blue, decimals=0, h=h_cold)
        hot = self.text("limits.uniform", th.SMALL, t.orange, decimals={"v": 0, "h": 2, "b": 2},
                        v=v, h=h_uni, b=h_bits)
        hot_note = label(self.t("limits.uniform_note"), th.SMALL, t.orange)
        sample = VGroup(label(self.t("limits.sample1"), th.SMALL),
                        label(self.t("limits.sample2"), th.SMALL, t.muted))
        cold, warm = VGroup(greedy, greedy_h), VGroup(hot_note, hot)
        for part in (cold, warm, sample):
            part.arrange(DOWN, aligned_edge=LEFT, buff=SPACE.xs)
        self.on_stage(VGroup(cold, warm, sample).arrange(DOWN, aligned_edge=LEFT, buff=SPACE.xl),
                   right, margin=0)
        self.say("limits.say2", decimals=0, word=self.top_words[0], zero=h_cold)
        self.play(FadeIn(cold), run_time=PACE.beat)
        self.say("limits.say3", decimals={"v": 0, "h": 2, "b": 2}, v=v, h=h_uni, b=h_bits)
        self.play(Create(uni), FadeIn(warm), run_time=PACE.beat)
        self.say("limits.say4")
        self.play(FadeIn(sample, shift=UP * SPACE.sm), run_time=PACE.beat)
        self.say("limits.say5")
