"""The training loop: gradient descent on one weight, then the notes' loop on the tiny
Transformer with the real numbers of one recorded training step, the loss curve and the
learning-rate schedule of the real run, the four schedule shapes, and the output distribution
of one sentence before and after training. Every number is computed or read from the log.

    manim -pql scenes/training_loop.py TrainingLoop
"""

from __future__ import annotations

import math

import numpy as np
from manim import (
    DOWN,
    LEFT,
    PI,
    RIGHT,
    UP,
    AnimationGroup,
    Circle,
    Create,
    FadeIn,
    Group,
    LaggedStart,
    MathTex,
    SurroundingRectangle,
    Text,
    VGroup,
    Write,
    linear,
)

from scenes import reference as ref
from scenes.kit import (
    LectureScene,
    LinePlot,
    NumberMathTex,
    NumberMatrix,
    flow_arrow,
    label,
    token_boxes,
)
from scenes.kit import theme as th
from scenes.parts.training_loop import ProbBars, SciNum, StepColumn, bar_pair, tick_numbers
from scenes.reference import one_weight as ow
from scenes.reference import training_loop as tf

# the one-weight example, first step: the formula, then the same with the numbers put in
FORWARD = r"y_{\text{pred}} = W x = <<w>> \times <<x>> = <<y_pred>>"
ERROR = r"E = \tfrac{1}{2}(y_{\text{pred}} - y)^2 = \tfrac{1}{2}(<<y_pred>> - <<y>>)^2 = <<e>>"
GRADIENT = (r"\frac{\partial E}{\partial W} = (y_{\text{pred}} - y)\,x = (<<y_pred>> - <<y>>)"
            r" \times <<x>> = <<grad>>")
UPDATE = (r"W_{\text{new}} = W_{\text{old}} - \eta\,\frac{\partial E}{\partial W} = <<w>> - <<lr>> \times"
          r" (<<grad>>) = <<w_new>>")
GIVEN = r"x = <<x>>,\quad y = <<y>>,\quad W_{\text{old}} = <<w>>,\quad \eta = <<lr>>"
LOSS = r"L = -\frac{1}{N}\sum_{t=1}^{N} \log p(y_t) = <<loss>>"
NORM = r"\lVert g \rVert = \sqrt{\textstyle\sum g^2} = <<norm>>"
SCALE = (r"g \leftarrow g \cdot \min\!\left(1, \frac{c}{\lVert g \rVert}\right) = <<scale>>\,g,"
         r"\quad c = <<clip>>")
HYPER = r"\beta_1 = <<beta1>>,\ \ \beta_2 = <<beta2>>,\ \ t = <<t>>,\ \ \eta = <<lr>>,\ \ \epsilon ="
ADAM = [  # (what, formula): the values are shown beside each, computed
    ("m", r"m_t = \beta_1 m_{t-1} + (1 - \beta_1)\, g"),
    ("v", r"v_t = \beta_2 v_{t-1} + (1 - \beta_2)\, g^2"),
    ("m_hat", r"\hat m_t = m_t / (1 - \beta_1^{\,t})"),
    ("v_hat", r"\hat v_t = v_t / (1 - \beta_2^{\,t})"),
    ("delta", r"\Delta\theta = -\eta\, \hat m_t / (\sqrt{\hat v_t} + \epsilon)"),
]
LOOP_STEPS = ("batch", "forward", "loss", "backward", "clip", "optimizer", "schedule")


class TrainingLoop(LectureScene):
    worked_decimals = 1  # the one-weight example's first step
    table_decimals = 3  # its table of steps
    loss_decimals = 3
    grad_decimals = 5
    param_decimals = 5
    lr_decimals = 4
    sci_digits = 2  # digits after the point of the Adam moments (scientific notation)
    prob_decimals = 3
    loss_points = 200  # the loss curve is drawn with at most this many points (window means)
    shape_points = 401  # samples of each schedule shape
    restarts = 3  # cycles of the cosine-with-restarts shape over the run's length
    top_k = 5  # tokens shown per output distribution
    position = 0  # which output word's distribution (0: the first word after <bos>)
    pair_rows = 8  # batch pairs per column

    steps = ("one_weight", "descent", "loop", "batch", "forward_loss", "backward_clip", "adam",
             "schedule", "curve", "shapes", "before_after")

    def prepare(self):
        self.model = model = ref.load_model()
        self.log = log = tf.load_log()
        self.cfg, self.rec = cfg, rec = log["config"], log["recorded_step"]
        self.v = len(model.tgt_vocab)
        self.descent_rows = ow.descent()  # the one-weight example, every step
        self.shapes_of_batch = tf.batch_shapes(model, rec["batch_pairs"])  # b, n_src, n_tgt, n_tok
        self.n_params = ref.param_count(model.params)
        self.clip_scale, self.g_clipped = tf.clip_facts(rec, cfg["clip_norm"])
        a = cfg["adam"]
        self.adam_values = tf.adam_facts(rec, a["beta1"], a["beta2"], a["eps"])
        self.lr_steps, self.lrs = tf.lr_curve(log)
        self.loss_x, self.loss_y, self.loss_k = tf.loss_curve(log, self.loss_points)
        self.shape_curves = tf.schedule_shapes(log, self.shape_points, self.restarts)
        # before and after training: the distribution of the word at ``position``
        sentence = " ".join(self.words)
        untrained = tf.untrained_model(model, log)
        out, _ = ref.greedy_decode(model, sentence)
        prefix = out[:self.position]
        self.outputs = {}  # key -> (model, probs, greedy translation)
        for key, m in (("before", untrained), ("after", model)):
            greedy, _ = ref.greedy_decode(m, sentence, max_len=len(out))
            self.outputs[key] = (m, tf.next_token_probs(m, self.words, prefix), greedy)

    # ------------------------------------------------------------------ helpers
    def sidebar(self, *active):
        """The loop's steps in a small column on the left, the current ones highlighted."""
        if not hasattr(self, "_side_texts"):  # made once, copied into every sidebar
            self._side_texts = [label(f"{k + 1}  {self.t(f'loop.{s}')}", th.SMALL)
                                for k, s in enumerate(LOOP_STEPS)]
        col = StepColumn(self._side_texts, width=2.75, box_h=0.46, buff=0.12, size=th.SMALL,
                         active=tuple(LOOP_STEPS.index(a) for a in active), arrows=False,
                         loop_back=False)
        col.to_edge(LEFT, buff=0.35).set_y(-0.2)
        self.add(col)
        return col

    # ------------------------------------------------------------------ 1
    def one_weight(self):
        r = self.descent_rows
        d = self.worked_decimals
        self.say("one_weight.say1")
        given = NumberMathTex(GIVEN, "one_weight.given", d, font_size=36, x=ow.X, y=ow.Y,
                              w=ow.W0, lr=ow.LR)
        given.move_to(UP * 2.3)
        self.play(FadeIn(given), run_time=0.8)
        rows = [
            ("forward", NumberMathTex(FORWARD, "one_weight.forward", d, font_size=36,
                                      w=r["w"][0], x=ow.X, y_pred=r["y_pred"][0])),
            ("error", NumberMathTex(ERROR, "one_weight.error", d, font_size=36,
                                    y_pred=r["y_pred"][0], y=ow.Y, e=r["e"][0])),
            ("gradient", NumberMathTex(GRADIENT, "one_weight.gradient", d, font_size=36,
                                       y_pred=r["y_pred"][0], y=ow.Y, x=ow.X, grad=r["grad"][0])),
            ("update", NumberMathTex(UPDATE, "one_weight.update", d, font_size=36,
                                     w=r["w"][0], lr=ow.LR, grad=r["grad"][0],
                                     w_new=r["w_new"][0])),
        ]
        names = VGroup(*(label(self.t(f"one_weight.{k}"), th.SMALL, self.theme.blue)
                         for k, _ in rows))
        maths = VGroup(*(m for _, m in rows))
        maths.arrange(DOWN, aligned_edge=LEFT, buff=0.42)
        names.arrange(DOWN, aligned_edge=RIGHT)
        for n, m in zip(names, maths):
            n.set_y(m.get_y())
        block = VGroup(names, maths)
        maths.next_to(names, RIGHT, buff=0.4, coor_mask=[1, 0, 0])
        block.move_to(DOWN * 0.45)
        for k, (key, _) in enumerate(rows):
            self.say(f"one_weight.say_{key}")
            self.play(FadeIn(names[k]), Write(maths[k]), run_time=1.0)
        self.say("one_weight.say_sign")
        box = SurroundingRectangle(maths[3], color=self.theme.yellow, buff=0.1)
        self.play(Create(box), run_time=0.6)

    # ------------------------------------------------------------------ 2
    def descent(self):
        r = self.descent_rows
        t = np.arange(ow.STEPS)
        self.say("descent.say1", n=ow.STEPS)
        table = np.stack([r["w"], r["y_pred"], r["e"], r["grad"]], axis=1)  # [steps, 4]
        cols = ["W", "y_pred", "E", "∂E/∂W"]
        matrix = NumberMatrix(table, "descent.table", self.table_decimals, row_labels=
                              [str(i) for i in t], col_labels=cols, size=th.SMALL,
                              cell_w=1.2, cell_h=0.52)
        step_label = label(self.t("descent.step"), th.SMALL, self.theme.muted)
        matrix.move_to(LEFT * 3.3 + DOWN * 0.3)
        step_label.next_to(matrix.row_labels, UP, buff=0.2).align_to(matrix.col_labels, DOWN)
        self.play(FadeIn(matrix), FadeIn(step_label), run_time=1.0)
        top = float(np.ceil(r["e"].max()))
        plot = LinePlot({"E": (t, r["e"])}, "descent.error", x_range=[0, ow.STEPS - 1, 1],
                        y_range=[0, top, 1], width=4.4, height=3.2,
                        colours=[self.theme.orange], dots={"E": (t, r["e"])},
                        x_label=self.t("descent.x"), y_label=self.t("descent.y"))
        plot.move_to(RIGHT * 3.9 + DOWN * 0.3)
        self.play(FadeIn(plot.axes), FadeIn(plot.numbers), FadeIn(plot.x_label),
                  FadeIn(plot.y_label), run_time=0.6)
        self.play(Create(plot.curves), FadeIn(plot.dots), run_time=1.5, rate_func=linear)
        self.say("descent.say2", decimals=self.worked_decimals, best=ow.Y / ow.X)
        w_col = SurroundingRectangle(matrix.column(0), color=self.theme.yellow, buff=0.08)
        best = self.text("descent.best", th.SMALL, self.theme.yellow,
                         decimals=self.worked_decimals, best=ow.Y / ow.X)
        best.next_to(matrix, DOWN, buff=0.3)
        self.play(Create(w_col), FadeIn(best), run_time=0.8)

    # ------------------------------------------------------------------ 3
    def loop(self):
        self.say("loop.say1")
        texts = [f"{k + 1}  {self.t(f'loop.{s}')}" for k, s in enumerate(LOOP_STEPS)]
        col = StepColumn(texts, width=3.6, box_h=0.48, buff=0.3)
        col.to_edge(LEFT, buff=1.0).shift(DOWN * 0.1)
        notes = VGroup()
        for k, s in enumerate(LOOP_STEPS):
            n = label(self.t(f"loop.{s}.note"), th.SMALL, self.theme.muted)
            n.next_to(col.boxes[k], RIGHT, buff=1.0)
            notes.add(n)
        steps = [AnimationGroup(FadeIn(col.boxes[0]), FadeIn(notes[0]))]
        steps += [AnimationGroup(Create(col.arrows[k - 1]), FadeIn(col.boxes[k]),
                                 FadeIn(notes[k])) for k in range(1, len(LOOP_STEPS))]
        self.play(LaggedStart(*steps, Create(col.back), lag_ratio=0.6), run_time=4.0)
        c = self.cfg
        self.say("loop.say2", steps=c["steps"], batch=c["batch_size"])
        run = self.text("loop.run", th.SMALL, self.theme.yellow, steps=c["steps"],
                        batch=c["batch_size"], pairs=c["n_pairs"])
        run.next_to(notes, DOWN, buff=0.45).align_to(notes, LEFT)
        self.play(FadeIn(run), run_time=0.6)
        self.say("loop.say3", step=self.rec["step"])

    # ------------------------------------------------------------------ 4
    def batch(self):
        self.sidebar("batch")
        rec, c = self.rec, self.cfg
        self.say("batch.say1", pairs=c["n_pairs"], batch=len(rec["batch"]))
        head = self.text("batch.head", th.SMALL, self.theme.yellow, step=rec["step"],
                         pairs=c["n_pairs"], batch=len(rec["batch"]))
        head.move_to([1.6, 2.55, 0])
        columns = VGroup()
        for start in range(0, len(rec["batch_pairs"]), self.pair_rows):
            column = VGroup()
            for zh, en in rec["batch_pairs"][start:start + self.pair_rows]:
                column.add(Text(f"{zh}  →  {en}", font=th.FONT, font_size=th.SMALL,
                                color=self.theme.text, t2c={"→": self.theme.muted,
                                                            en: self.theme.blue}))
            columns.add(column.arrange(DOWN, aligned_edge=LEFT, buff=0.2))
        columns.arrange(RIGHT, aligned_edge=UP, buff=0.6).next_to(head, DOWN, buff=0.4)
        columns.set_x(1.6)
        self.play(FadeIn(head), *(FadeIn(col, lag_ratio=0.1) for col in columns),
                  run_time=1.8)
        self.say("batch.say2")

    # ------------------------------------------------------------------ 5
    def forward_loss(self):
        self.sidebar("forward", "loss")
        rec = self.rec
        b, n_src, n_tgt, n_tok = self.shapes_of_batch
        v = self.v
        self.say("forward_loss.say1")
        src = self.text("forward_loss.src", th.SMALL, b=b, n=n_src)
        tgt = self.text("forward_loss.tgt", th.SMALL, b=b, n=n_tgt)
        inputs = VGroup(src, tgt).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        model = label(self.t("forward_loss.model"), th.SMALL)
        box = SurroundingRectangle(model, color=self.theme.blue, buff=0.25, corner_radius=0.1)
        logits = self.text("forward_loss.logits", th.SMALL, b=b, n=n_tgt, v=v)
        flow = VGroup(inputs, VGroup(box, model), logits).arrange(RIGHT, buff=0.6)
        flow.move_to([1.6, 1.9, 0])
        arrows = VGroup(flow_arrow(inputs.get_right(), box.get_left()),
                        flow_arrow(box.get_right(), logits.get_left()))
        self.play(LaggedStart(FadeIn(inputs), AnimationGroup(Create(arrows[0]), FadeIn(box),
                                                             FadeIn(model)),
                              AnimationGroup(Create(arrows[1]), FadeIn(logits)),
                              lag_ratio=0.8), run_time=1.8)
        self.say("forward_loss.say2", n=n_tok)
        loss = NumberMathTex(LOSS, "forward_loss.loss", self.loss_decimals, font_size=40,
                             color=self.theme.orange, loss=rec["loss"])
        tokens = self.text("forward_loss.tokens", th.SMALL, self.theme.muted, n=n_tok)
        group = VGroup(loss, tokens).arrange(DOWN, buff=0.25).move_to([1.6, 0.0, 0])
        self.play(Write(loss), FadeIn(tokens), run_time=1.0)
        first = self.log["steps"][0]
        self.say("forward_loss.say3", decimals=self.loss_decimals, uniform=math.log(v),
                 first=first["loss"])
        compare = VGroup(
            self.text("forward_loss.uniform", th.SMALL, decimals={"uniform": self.loss_decimals},
                      v=v, uniform=math.log(v)),
            self.text("forward_loss.first", th.SMALL, decimals={"loss": self.loss_decimals},
                      step=first["step"], loss=first["loss"]),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.2).next_to(group, DOWN, buff=0.45)
        align = self.log["steps"][rec["step"] - 1].get("align_loss")
        self.play(FadeIn(compare), run_time=0.6)
        if align is not None:
            note = self.text("forward_loss.align", th.SMALL, self.theme.muted,
                             decimals={"coef": 1, "align": self.loss_decimals},
                             coef=self.cfg["align_weight"], align=align)
            note.next_to(compare, DOWN, buff=0.35)
            self.play(FadeIn(note), run_time=0.5)

    # ------------------------------------------------------------------ 6
    def backward_clip(self):
        self.sidebar("backward", "clip")
        rec, c = self.rec, self.cfg
        n_params, scale, g_clipped = self.n_params, self.clip_scale, self.g_clipped
        self.say("backward_clip.say1", n=n_params)
        grads = self.text("backward_clip.grads", th.SMALL, n=n_params).move_to([1.6, 2.6, 0])
        norm = NumberMathTex(NORM, "backward_clip.norm", self.loss_decimals, font_size=36,
                             norm=rec["grad_norm"])
        rule = NumberMathTex(SCALE, "backward_clip.clip", {"scale": self.loss_decimals,
                                                           "clip": 1},
                             font_size=34, scale=scale, clip=c["clip_norm"])
        VGroup(norm, rule).arrange(DOWN, buff=0.3).move_to([1.6, 1.35, 0])
        bars = bar_pair(rec["grad_norm"], rec["grad_norm_clipped"], c["clip_norm"], 4.5,
                        [self.theme.red, self.theme.green])
        before = self.text("backward_clip.before", th.SMALL, self.theme.red,
                           decimals=self.loss_decimals, norm=rec["grad_norm"])
        after = self.text("backward_clip.after", th.SMALL, self.theme.green,
                          decimals=self.loss_decimals, norm=rec["grad_norm_clipped"])
        before.next_to(bars[0][0], RIGHT, buff=0.3)
        after.next_to(bars[0][1], RIGHT, buff=0.3)
        clip_at = self.text("backward_clip.limit", th.SMALL, self.theme.yellow, decimals=1,
                            c=c["clip_norm"])
        clip_at.next_to(bars[1], DOWN, buff=0.1)
        VGroup(bars, before, after, clip_at).move_to([1.6, -0.75, 0])
        self.play(FadeIn(grads), Write(norm), run_time=1.0)
        self.play(FadeIn(bars[0][0]), FadeIn(before), FadeIn(bars[1]), FadeIn(clip_at),
                  run_time=0.8)
        self.say("backward_clip.say2", decimals={"norm": self.loss_decimals, "c": 1,
                                                  "scale": self.loss_decimals},
                 norm=rec["grad_norm"], c=c["clip_norm"], scale=scale)
        self.play(Write(rule), run_time=0.8)
        self.play(FadeIn(bars[0][1]), FadeIn(after), run_time=0.8)
        self.say("backward_clip.say3", param=rec["param"])
        one = self.text("backward_clip.param", th.SMALL, self.theme.muted, param=rec["param"])
        g = self.text("backward_clip.grad", th.SMALL, decimals=self.grad_decimals,
                      before=rec["grad"], after=g_clipped)
        VGroup(one, g).arrange(DOWN, buff=0.18).move_to([1.6, -2.6, 0])
        self.play(FadeIn(one), FadeIn(g), run_time=0.8)

    # ------------------------------------------------------------------ 7
    def adam(self):
        self.sidebar("optimizer")
        rec, a = self.rec, self.cfg["adam"]
        facts = self.adam_values
        self.say("adam.say1", param=rec["param"])
        hyper = VGroup(
            NumberMathTex(HYPER, "adam.hyper", {"beta1": 2, "beta2": 2, "lr": self.lr_decimals},
                          color=self.theme.muted, font_size=30, beta1=a["beta1"],
                          beta2=a["beta2"], t=rec["adam_t"], lr=rec["lr"]),
            SciNum(a["eps"], "adam.eps", 1, color=self.theme.muted))
        hyper.arrange(RIGHT, buff=0.12)
        hyper.move_to([1.6, 2.45, 0])
        g = VGroup(label(self.t("adam.g", param=rec["param"]), th.SMALL),
                   SciNum(rec["grad_clipped"], "adam.g", self.sci_digits))
        g.arrange(RIGHT, buff=0.15)
        values = {"m": rec["m"], "v": rec["v"], "m_hat": facts["m_hat"],
                  "v_hat": facts["v_hat"], "delta": facts["delta"]}
        rows = VGroup()
        for key, tex in ADAM:
            rows.add(VGroup(MathTex(tex, font_size=34, color=self.theme.text),
                            SciNum(values[key], f"adam.{key}", self.sci_digits, size=24,
                                   color=self.theme.yellow, prefix="= ")))
        for row in rows:
            row[1].next_to(row[0], RIGHT, buff=0.5)
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        width = max(r[0].width for r in rows)
        for row in rows:
            row[1].set_x(rows.get_left()[0] + width + 0.5 + row[1].width / 2)
        g.next_to(hyper, DOWN, buff=0.35)
        rows.next_to(g, DOWN, buff=0.4).set_x(1.6)
        self.play(FadeIn(hyper), FadeIn(g), run_time=0.6)
        self.play(LaggedStart(*(AnimationGroup(Write(rows[k][0]), FadeIn(rows[k][1]))
                                for k in range(2)), lag_ratio=0.6), run_time=1.4)
        self.say("adam.say2", t=rec["adam_t"])
        self.play(LaggedStart(*(AnimationGroup(Write(rows[k][0]), FadeIn(rows[k][1]))
                                for k in range(2, 4)), lag_ratio=0.6), run_time=1.4)
        self.say("adam.say3", decimals=2, ratio=abs(facts["delta"]) / rec["lr"])
        self.play(Write(rows[4][0]), FadeIn(rows[4][1]), run_time=0.7)
        result = self.text("adam.result", th.SMALL, self.theme.green,
                           decimals=self.param_decimals, before=rec["value_before"],
                           after=rec["value_after"])
        result.next_to(rows, DOWN, buff=0.4).set_x(1.6)
        self.play(FadeIn(result), Create(SurroundingRectangle(result, color=self.theme.green,
                                                              buff=0.12)), run_time=0.8)

    # ------------------------------------------------------------------ 8
    def schedule(self):
        self.sidebar("schedule")
        rec, c = self.rec, self.cfg
        steps, lrs = self.lr_steps, self.lrs
        self.say("schedule.say1", decimals={"peak": self.lr_decimals}, warmup=c["warmup"],
                 peak=c["peak_lr"])
        peak = c["peak_lr"]
        plot = LinePlot({"lr": (steps, lrs)}, "schedule.lr", x_range=[0, c["steps"],
                        c["steps"] / 4], y_range=[0, peak, peak / 2], width=7.4, height=3.6,
                        colours=[self.theme.green], dots={"lr": ([rec["step"]], [rec["lr"]])},
                        axis_numbers=False, x_label=self.t("schedule.x"),
                        y_label=self.t("schedule.y"))
        plot.move_to([1.9, 0.1, 0])
        plot.numbers = tick_numbers(plot, "schedule.lr", 0, self.lr_decimals)
        plot.y_label.rotate(PI / 2).next_to(plot.numbers, LEFT, buff=0.2).set_y(
            plot.axes.get_y())
        name = self.text("schedule.name", th.SMALL, self.theme.green,
                         decimals={"peak": self.lr_decimals, "low": self.lr_decimals},
                         schedule=c["schedule"], warmup=c["warmup"], peak=peak,
                         low=c["min_lr"])
        name.next_to(plot, DOWN, buff=0.3)
        self.play(FadeIn(plot.axes), FadeIn(plot.numbers), FadeIn(plot.x_label),
                  FadeIn(plot.y_label), FadeIn(name), run_time=0.6)
        self.play(Create(plot.curves), run_time=2.0, rate_func=linear)
        self.say("schedule.say2", decimals={"lr": self.lr_decimals}, step=rec["step"],
                 lr=rec["lr"])
        mark = self.text("schedule.mark", th.SMALL, self.theme.yellow,
                         decimals={"lr": self.lr_decimals}, step=rec["step"], lr=rec["lr"])
        ring = Circle(radius=0.13, color=self.theme.yellow, stroke_width=3)
        ring.move_to(plot.dots[0])
        mark.next_to(ring, RIGHT, buff=0.15).shift(UP * 0.15)
        self.play(FadeIn(plot.dots), Create(ring), FadeIn(mark), run_time=0.6)
        self.say("schedule.say3", steps=c["steps"])

    # ------------------------------------------------------------------ 9
    def curve(self):
        c, steps = self.cfg, self.log["steps"]
        x, y, k = self.loss_x, self.loss_y, self.loss_k
        v = self.v
        top = float(np.ceil(y.max()))
        self.say("curve.say1", steps=c["steps"])
        plot = LinePlot({"loss": (x, y)}, "curve.loss", x_range=[0, c["steps"], c["steps"] / 4],
                        y_range=[0, top, 1], width=7.6, height=4.6,
                        colours=[self.theme.orange], x_label=self.t("curve.x"),
                        y_label=self.t("curve.y"), stroke=2.5)
        plot.move_to([-2.3, 0.0, 0])
        uniform = plot.hline(math.log(v), self.theme.muted)
        uniform_text = self.text("curve.uniform", th.SMALL, self.theme.muted,
                                 decimals={"u": self.loss_decimals}, u=math.log(v))
        uniform_text.next_to(uniform, UP, buff=0.08).align_to(uniform, RIGHT)
        note = (self.text("curve.window", th.SMALL, self.theme.muted, k=k) if k > 1 else
                label(self.t("curve.every"), th.SMALL, self.theme.muted))
        note.next_to(plot.axes, UP, buff=0.1).align_to(plot.axes, RIGHT)
        self.play(FadeIn(plot.axes), FadeIn(plot.numbers), FadeIn(plot.x_label),
                  FadeIn(plot.y_label), FadeIn(note), Create(uniform), FadeIn(uniform_text),
                  run_time=0.8)
        self.play(Create(plot.curves), run_time=5.0, rate_func=linear)
        final = self.log["final"]
        self.say("curve.say2", decimals=self.loss_decimals, first=steps[0]["loss"],
                 last=steps[-1]["loss"])
        ends = VGroup(
            self.text("curve.first", th.SMALL, decimals={"loss": self.loss_decimals},
                      step=steps[0]["step"], loss=steps[0]["loss"]),
            self.text("curve.last", th.SMALL, decimals={"loss": self.loss_decimals},
                      step=steps[-1]["step"], loss=steps[-1]["loss"]),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        correct = round(final["accuracy"] * final["n_pairs"])
        result = VGroup(
            label(self.t("curve.final"), th.SMALL, self.theme.green),
            self.text("curve.final_loss", th.SMALL, self.theme.green,
                      decimals={"loss": self.loss_decimals}, loss=final["corpus_loss"]),
            self.text("curve.final_right", th.SMALL, self.theme.green,
                      correct=correct, n=final["n_pairs"]),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        side = VGroup(ends, result).arrange(DOWN, aligned_edge=LEFT, buff=0.5)
        side.next_to(plot.axes, RIGHT, buff=0.4).align_to(plot.axes, UP).shift(DOWN * 0.4)
        self.play(FadeIn(ends), run_time=0.6)
        self.say("curve.say3", correct=correct, n=final["n_pairs"])
        self.play(FadeIn(result), run_time=0.6)

    # ------------------------------------------------------------------ 10
    def shapes(self):
        c = self.cfg
        curves = self.shape_curves
        self.say("shapes.say1")
        colours = [self.theme.blue, self.theme.purple, self.theme.green, self.theme.orange]
        panels = Group()
        for k, (name, (xs, ys)) in enumerate(curves.items()):
            plot = LinePlot({name: (xs, ys)}, f"shapes.{name}", x_range=[0, c["steps"],
                            c["steps"] / 4], y_range=[0, c["peak_lr"], c["peak_lr"] / 2],
                            width=4.6, height=1.5, colours=[colours[k]], axis_numbers=False)
            title = label(self.t(f"shapes.{name}"), th.SMALL, colours[k])
            title.next_to(plot.axes, UP, buff=0.15).align_to(plot.axes, LEFT)
            panels.add(Group(title, plot))
        panels.arrange_in_grid(2, 2, buff=(1.0, 0.85)).move_to(DOWN * 0.45)
        note = self.text("shapes.note", th.SMALL, self.theme.muted,
                         decimals={"peak": self.lr_decimals, "low": self.lr_decimals},
                         peak=c["peak_lr"], warmup=c["warmup"], steps=c["steps"],
                         low=c["min_lr"])
        note.move_to([0, 2.65, 0])
        self.add(note)
        self.play(LaggedStart(*(AnimationGroup(FadeIn(p[0]), FadeIn(p[1].axes),
                                               Create(p[1].curves)) for p in panels),
                              lag_ratio=0.7), run_time=3.2)
        self.say("shapes.say2", schedule=c["schedule"], restarts=self.restarts)
        used = list(curves).index(c["schedule"])
        frame = SurroundingRectangle(panels[used], color=self.theme.yellow, buff=0.12)
        tag = label(self.t("shapes.used"), th.SMALL, self.theme.yellow)
        tag.next_to(frame, UP, buff=0.08).align_to(frame, RIGHT)
        self.play(Create(frame), FadeIn(tag), run_time=0.7)

    # ------------------------------------------------------------------ 11
    def before_after(self):
        (_, p0, _), (trained, p1, _) = self.outputs["before"], self.outputs["after"]
        self.say("before_after.say1", seed=self.cfg["seed"])
        tokens = token_boxes(list(self.words), size=th.SMALL).move_to([0, 2.35, 0])
        where = self.text("before_after.where", th.SMALL, self.theme.muted,
                          n=self.position + 1)
        where.next_to(tokens, DOWN, buff=0.2)
        self.play(FadeIn(tokens), FadeIn(where), run_time=0.6)
        panels = VGroup()
        for key, colour in (("before", self.theme.red), ("after", self.theme.green)):
            model, p, greedy = self.outputs[key]
            ids = tf.top_tokens(p, self.top_k)
            bars = ProbBars(p, ids, [model.tgt_vocab[i] for i in ids], f"before_after.{key}",
                            width=3.0, decimals=self.prob_decimals, colour=colour)
            title = self.text(f"before_after.{key}", th.SMALL, colour,
                              **({"seed": self.cfg["seed"]} if key == "before" else
                                 {"steps": self.cfg["steps"]}))
            says = label(self.t("before_after.greedy", words=" ".join(greedy)), th.SMALL)
            panel = VGroup(title, bars, says).arrange(DOWN, buff=0.35)
            bars.shift(RIGHT * 0.5)
            panels.add(panel)
        panels.arrange(RIGHT, buff=1.2, aligned_edge=UP).next_to(where, DOWN, buff=0.45)
        uniform = 1.0 / len(trained.tgt_vocab)
        self.play(FadeIn(panels[0][0]), FadeIn(panels[0][1]), run_time=0.8)
        self.say("before_after.say2", decimals=self.prob_decimals, top=float(p0.max()),
                 uniform=uniform)
        self.play(FadeIn(panels[0][2]), run_time=0.5)
        best = trained.tgt_vocab[int(np.argmax(p1))]
        self.say("before_after.say3", decimals=self.prob_decimals, word=best,
                 p=float(p1.max()))
        self.play(FadeIn(panels[1][0]), FadeIn(panels[1][1]), FadeIn(panels[1][2]),
                  run_time=1.0)
        self.say("before_after.say4")
