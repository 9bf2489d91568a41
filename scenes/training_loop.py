"""The training loop: gradient descent on one weight, then the notes' loop on the tiny
Transformer with the real numbers of one recorded training step, the loss curve and the
learning-rate schedule of the real run, training vs held-out sentences and one sentence the
model never saw, the four schedule shapes, and the output distribution of one sentence before
and after training. Every number is computed or read from the log.

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
    UR,
    AnimationGroup,
    Circle,
    Create,
    FadeIn,
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
from scenes.kit.base import Region
from scenes.kit.theme import PACE, SPACE
from scenes.parts.training_loop import ProbBars, SciNum, StepColumn, bar_pair, tick_numbers
from scenes.reference import one_weight as ow
from scenes.reference import training_loop as tf
from scenes.reference.corpus import load_pairs

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

# where every number of the scene comes from (scenes.tools.numbers: the numbers files, the
# player's panel, the handouts); "<record>{key}" is the placeholder key of a text or subtitle
OW = "scenes.reference.one_weight"
TF = "scenes.reference.training_loop"
LOG = f"{TF}.load_log"  # assets/training_log.json: config, steps, recorded_step, final
REC = f"{LOG}: recorded_step"  # the one training step recorded in full
ORIGINS = {
    "one_weight.*{x}": f"{OW}.X",
    "one_weight.*{y}": f"{OW}.Y",
    "one_weight.given{w}": f"{OW}.W0",
    "one_weight.*{lr}": f"{OW}.LR",
    "one_weight.*{w}": f"{OW}.descent: w of the first step",
    "one_weight.*{y_pred}": f"{OW}.descent: y_pred = W x of the first step",
    "one_weight.*{e}": f"{OW}.descent: E of the first step",
    "one_weight.*{grad}": f"{OW}.descent: dE/dW of the first step",
    "one_weight.*{w_new}": f"{OW}.descent: w_new of the first step",
    "*descent.say1{n}": f"{OW}.STEPS",
    "descent.table": f"{OW}.descent: w, y_pred, E and dE/dW of every step",
    "descent.error": f"{OW}.descent: E of every step",
    "descent.error.x_axis": f"{OW}.STEPS: the steps",
    "descent.error.y_axis": f"{OW}.descent: whole numbers up to the largest E",
    "*descent.*{best}": f"{OW}.Y: over {OW}.X",
    "*{steps}": f"{LOG}: config steps",
    "*loop.*{batch}": f"{LOG}: config batch_size",
    "*{pairs}": f"{LOG}: config n_pairs",
    "*{step}": f"{REC} step",
    "*batch.*{batch}": f"{REC} batch, its pairs",
    "*batch.more{n}": f"{REC} batch_pairs, those not shown (TrainingLoop.pair_rows x "
                      "pair_columns are)",
    "*forward_loss.*{b}": f"{TF}.batch_shapes: B, the pairs of the batch",
    "*forward_loss.src{n}": f"{TF}.batch_shapes: n_src, the longest source after padding",
    "*forward_loss.*{n}": f"{TF}.batch_shapes: n_tgt, the longest <bos> + target",
    "*forward_loss.*{v}": "model.tgt_vocab: its size",
    "*forward_loss.say2{n}": f"{TF}.batch_shapes: n_tokens, the target tokens of the loss",
    "*forward_loss.tokens{n}": f"{TF}.batch_shapes: n_tokens, the target tokens of the loss",
    "forward_loss.loss": f"{REC} loss",
    "*{uniform}": "model.tgt_vocab: log of its size (the loss of a uniform guess)",
    "*forward_loss.first{step}": f"{TF}.logged_step: step 1 of {LOG}",
    "*forward_loss.*{first}": f"{TF}.logged_step: the loss of step 1",
    "*forward_loss.first{loss}": f"{TF}.logged_step: the loss of step 1",
    "*forward_loss.align{coef}": f"{LOG}: config align_weight",
    "*forward_loss.align{align}": f"{TF}.logged_step: align_loss of the recorded step",
    "*forward_loss.smooth{eps}": f"{LOG}: config label_smoothing",
    "*forward_loss.smooth{right}": f"{LOG}: config label_smoothing eps, 1 - eps + eps / V "
                                   "(the right word's target probability)",
    "*forward_loss.smooth{other}": f"{LOG}: config label_smoothing eps, eps / V (every other "
                                   "word's)",
    "*backward_clip.*{n}": "scenes.reference.param_count: of model.params",
    "*{norm}": f"{REC} grad_norm, before clipping",
    "*backward_clip.after{norm}": f"{REC} grad_norm_clipped",
    "*{c}": f"{LOG}: config clip_norm",
    "*{clip}": f"{LOG}: config clip_norm",
    "*{scale}": f"{TF}.clip_facts: min(1, c / ||g||)",
    "*backward_clip.grad{before}": f"{REC} grad, of the recorded weight",
    "*backward_clip.grad{after}": f"{TF}.clip_facts: the recorded weight's gradient, clipped",
    "*adam.hyper{beta1}": f"{LOG}: config adam beta1",
    "*adam.hyper{beta2}": f"{LOG}: config adam beta2",
    "*adam.*{t}": f"{REC} adam_t",
    "*adam.hyper{lr}": f"{REC} lr",
    "adam.eps": f"{LOG}: config adam eps",
    "adam.g": f"{REC} grad_clipped",
    "adam.m": f"{REC} m",
    "adam.v": f"{REC} v",
    "adam.m_hat": f"{TF}.adam_facts: m_hat = m / (1 - beta1^t)",
    "adam.v_hat": f"{TF}.adam_facts: v_hat = v / (1 - beta2^t)",
    "*adam.say3{ratio}": f"{TF}.adam_facts: |delta| over the recorded step's lr",
    "adam.delta": f"{TF}.adam_facts: delta = -lr m_hat / (sqrt(v_hat) + eps)",
    "*adam.result{before}": f"{REC} value_before",
    "*adam.result{after}": f"{REC} value_after",
    "*{warmup}": f"{LOG}: config warmup",
    "*{peak}": f"{LOG}: config peak_lr",
    "*{low}": f"{LOG}: config min_lr",
    "schedule.lr": f"{TF}.lr_curve: the learning rate of every step; the dot: the recorded "
                   "step",
    "schedule.lr.x_axis": f"{LOG}: config steps, in TrainingLoop.ticks intervals",
    "schedule.lr.y_axis": f"{LOG}: config peak_lr, 0, half and all of it",
    "*schedule.*{lr}": f"{REC} lr",
    "curve.loss": f"{TF}.loss_curve: the training loss, window means; "
                  f"{TF}.eval_curves: heldout_loss",
    "curve.loss.x_axis": f"{LOG}: config steps, in TrainingLoop.ticks intervals",
    "curve.loss.y_axis": f"{TF}.loss_curve: whole numbers up to the largest",
    "*curve.window{k}": f"{TF}.loss_curve: window, the steps one point spans",
    "*{u}": "model.tgt_vocab: log of its size (the loss of a uniform guess)",
    "*curve.say1{n}": f"{LOG}: config n_pairs",
    "*curve.train{n}": f"{LOG}: final n_train, the training sentences",
    "*curve.heldout{n}": f"{LOG}: final n_heldout, the held-out sentences",
    "*curve.heldout{every}": f"{LOG}: config eval_every",
    "*curve.say3{n}": f"{LOG}: final n_heldout, the held-out sentences",
    "*curve.say2{first}": f"{LOG}: steps[0] loss",
    "*curve.say2{last}": f"{LOG}: steps[-1] loss",
    "*curve.first{step}": f"{LOG}: steps[0] step",
    "*curve.first{loss}": f"{LOG}: steps[0] loss",
    "*curve.last{step}": f"{LOG}: steps[-1] step",
    "*curve.last{loss}": f"{LOG}: steps[-1] loss",
    "*curve.final_loss{train}": f"{TF}.eval_curves: the last train_loss",
    "*curve.final_loss{held}": f"{TF}.eval_curves: the last heldout_loss",
    "unseen.exact": f"{TF}.eval_curves: train_exact and heldout_exact, in percent",
    "unseen.exact.x_axis": f"{LOG}: config steps, in TrainingLoop.ticks intervals",
    "unseen.exact.y_axis": f"{TF}.eval_curves: from the lowest exact match (rounded down to "
                           "TrainingLoop.percent_tick) to 100 percent",
    "*unseen.*{n}": f"{LOG}: final n_heldout, the held-out sentences",
    "*unseen.*{train}": f"{LOG}: final train_accuracy, in percent",
    "*unseen.say1{train}": f"{LOG}: final n_train, the training sentences",
    "*unseen.say2{held}": f"{LOG}: final heldout_accuracy, in percent",
    "*unseen.train{p}": f"{LOG}: final train_accuracy, in percent",
    "*unseen.train{n}": f"{LOG}: final n_train, the training sentences",
    "*unseen.heldout{p}": f"{LOG}: final heldout_accuracy, in percent",
    "shapes.*": f"{TF}.schedule_shapes: with the run's peak, warmup, length and floor",
    "*shapes.say2{restarts}": "TrainingLoop.restarts",
    "*{seed}": f"{LOG}: config seed",
    "*before_after.where{n}": "TrainingLoop.position: counted from 1",
    "before_after.before": f"{TF}.next_token_probs: of {TF}.untrained_model, its top_k",
    "before_after.after": f"{TF}.next_token_probs: of the trained model, its top_k",
    "*before_after.say2{uniform}": "model.tgt_vocab: 1 over its size (a uniform guess)",
    "*before_after.say2{top}": f"{TF}.next_token_probs: of {TF}.untrained_model, the largest",
    "*before_after.say3{p}": f"{TF}.next_token_probs: of the trained model, the largest",
}


class TrainingLoop(LectureScene):
    worked_decimals = 1  # the one-weight example's first step
    table_decimals = 3  # its table of steps
    table_cell = (1.2, 0.52)  # width, height of a cell of that table
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
    pair_columns = 2  # columns of batch pairs shown (the rest are counted)
    unseen_pattern = "loc_vo"  # the held-out example's pattern (the word order changes)
    percent_tick = 10  # the accuracy axis starts at a multiple of this (percent)
    neighbour_count = 3  # training sentences shown that differ from it in one word
    bar_width = 3.0  # length of probability 1 in the before/after bars
    ticks = 4  # intervals on an axis of training steps
    math_size = 36  # formulas
    lag = 0.6  # stagger of things brought in one after another
    origins = ORIGINS  # where every number comes from (scenes.tools.numbers)

    steps = ("one_weight", "descent", "loop", "batch", "forward_loss", "backward_clip", "adam",
             "schedule", "curve", "unseen", "shapes", "before_after")

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
        self.loss_x, self.loss_y, self.loss_window = tf.loss_curve(log, self.loss_points)
        self.evals = tf.eval_curves(log)
        corpus = load_pairs()
        zh, en, pattern = tf.unseen_sentence(corpus, self.words, self.unseen_pattern)
        self.example = {"zh": zh, "en": en, "pattern": pattern,
                       "got": model.translate(zh).split(),
                       "near": tf.neighbours(corpus, zh, self.neighbour_count)}
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
    def formula(self, template, name, decimals, colour=None, **values) -> NumberMathTex:
        return NumberMathTex(template, name, decimals, color=colour, font_size=self.math_size,
                             **values)

    def sidebar(self, *active) -> Region:
        """The loop's steps in a small column on the left, the current ones highlighted;
        returns the stage right of it."""
        if not hasattr(self, "_side_texts"):  # made once, copied into every sidebar
            self._side_texts = [label(f"{k + 1}  {self.t(f'loop.{s}')}", th.SMALL)
                                for k, s in enumerate(LOOP_STEPS)]
        col = StepColumn(self._side_texts, buff=SPACE.xs, arrows=False, loop_back=False,
                         active=tuple(LOOP_STEPS.index(a) for a in active))
        stage = self.stage()
        col.to_edge(LEFT, buff=SPACE.md).set_y(stage.center[1])
        self.add(col)
        return Region(col.get_right()[0] + SPACE.xl, stage.x1 - SPACE.md, stage.y0, stage.y1)

    # ------------------------------------------------------------------ 1
    def one_weight(self):
        r, d = self.descent_rows, self.worked_decimals
        self.say("one_weight.say1")
        given = self.formula(GIVEN, "one_weight.given", d, x=ow.X, y=ow.Y, w=ow.W0, lr=ow.LR)
        w, y_pred, e, grad = r["w"][0], r["y_pred"][0], r["e"][0], r["grad"][0]
        rows = {
            "forward": self.formula(FORWARD, "one_weight.forward", d, w=w, x=ow.X,
                                    y_pred=y_pred),
            "error": self.formula(ERROR, "one_weight.error", d, y_pred=y_pred, y=ow.Y, e=e),
            "gradient": self.formula(GRADIENT, "one_weight.gradient", d, y_pred=y_pred, y=ow.Y,
                                     x=ow.X, grad=grad),
            "update": self.formula(UPDATE, "one_weight.update", d, w=w, lr=ow.LR, grad=grad,
                                   w_new=r["w_new"][0]),
        }
        maths = VGroup(*rows.values()).arrange(DOWN, aligned_edge=LEFT, buff=SPACE.lg)
        names = VGroup(*(label(self.t(f"one_weight.{k}"), th.SMALL, self.theme.blue)
                         .next_to(maths, LEFT, buff=SPACE.lg).set_y(m.get_y())
                         for k, m in rows.items()))
        self.on_stage(VGroup(given, VGroup(names, maths)).arrange(DOWN, buff=SPACE.xxl),
                   self.stage(), margin=0)
        self.play(FadeIn(given), run_time=PACE.beat)
        for name, key, math_ in zip(names, rows, maths):
            self.say(f"one_weight.say_{key}")
            self.play(FadeIn(name), Write(math_), run_time=PACE.steady)
        self.say("one_weight.say_sign")
        box = SurroundingRectangle(maths[-1], color=self.theme.yellow, buff=SPACE.xs)
        self.play(Create(box), run_time=PACE.quick)

    # ------------------------------------------------------------------ 2
    def descent(self):
        r, t = self.descent_rows, np.arange(ow.STEPS)
        stage = self.stage()
        self.say("descent.say1", n=ow.STEPS)
        table = np.stack([r["w"], r["y_pred"], r["e"], r["grad"]], axis=1)  # [steps, 4]
        cell_w, cell_h = self.table_cell
        matrix = NumberMatrix(table, "descent.table", self.table_decimals,
                              row_labels=[str(i) for i in t], col_labels=["W", "y_pred", "E",
                                                                          "∂E/∂W"],
                              size=th.SMALL, cell_w=cell_w, cell_h=cell_h)
        step_label = label(self.t("descent.step"), th.SMALL, self.theme.muted)
        step_label.next_to(matrix.row_labels, UP, buff=SPACE.sm).align_to(matrix.col_labels, DOWN)
        best = self.text("descent.best", th.SMALL, self.theme.yellow,
                         decimals=self.worked_decimals, best=ow.Y / ow.X)
        best.next_to(matrix, DOWN, buff=SPACE.md)
        top = float(np.ceil(r["e"].max()))
        plot = LinePlot({"E": (t, r["e"])}, "descent.error", x_range=[0, ow.STEPS - 1, 1],
                        y_range=[0, top, 1], width=stage.width / 2 - 2 * SPACE.xxl,
                        height=matrix.height, colours=[self.theme.orange],
                        dots={"E": (t, r["e"])}, x_label=self.t("descent.x"),
                        y_label=self.t("descent.y"))
        self.on_stage(VGroup(VGroup(matrix, step_label, best), plot)
                   .arrange(RIGHT, buff=SPACE.xxl), stage, margin=0)
        self.play(FadeIn(matrix), FadeIn(step_label), run_time=PACE.steady)
        self.play(FadeIn(plot.axes), FadeIn(plot.numbers), FadeIn(plot.x_label),
                  FadeIn(plot.y_label), run_time=PACE.quick)
        self.play(Create(plot.curves), FadeIn(plot.dots), run_time=PACE.slow, rate_func=linear)
        self.say("descent.say2", decimals=self.worked_decimals, best=ow.Y / ow.X)
        w_col = SurroundingRectangle(matrix.column(0), color=self.theme.yellow, buff=SPACE.xs)
        self.play(Create(w_col), FadeIn(best), run_time=PACE.beat)

    # ------------------------------------------------------------------ 3
    def loop(self):
        self.say("loop.say1")
        col = StepColumn([f"{k + 1}  {self.t(f'loop.{s}')}" for k, s in enumerate(LOOP_STEPS)],
                         pad=SPACE.xxl, buff=SPACE.md)
        notes = VGroup(*(label(self.t(f"loop.{s}.note"), th.SMALL, self.theme.muted)
                         .next_to(col, RIGHT, buff=SPACE.xl).set_y(box.get_y())
                         for s, box in zip(LOOP_STEPS, col.boxes)))
        c = self.cfg
        run = self.text("loop.run", th.SMALL, self.theme.yellow, steps=c["steps"],
                        batch=c["batch_size"], pairs=c["n_pairs"])
        run.next_to(notes, DOWN, buff=SPACE.lg).align_to(notes, LEFT)
        self.on_stage(VGroup(col, notes, run), self.stage(), margin=0)
        steps = [AnimationGroup(FadeIn(col.boxes[0]), FadeIn(notes[0]))]
        steps += [AnimationGroup(Create(arrow), FadeIn(box), FadeIn(note))
                  for arrow, box, note in zip(col.arrows, col.boxes[1:], notes[1:])]
        self.play(LaggedStart(*steps, Create(col.back), lag_ratio=self.lag),
                  run_time=PACE.quick * len(LOOP_STEPS))
        self.say("loop.say2", steps=c["steps"], batch=c["batch_size"])
        self.play(FadeIn(run), run_time=PACE.quick)
        self.say("loop.say3", step=self.rec["step"])

    # ------------------------------------------------------------------ 4
    def batch(self):
        region = self.sidebar("batch")
        rec, c = self.rec, self.cfg
        self.say("batch.say1", pairs=c["n_pairs"], batch=len(rec["batch"]))
        head = self.text("batch.head", th.SMALL, self.theme.yellow, step=rec["step"],
                         pairs=c["n_pairs"], batch=len(rec["batch"]))
        shown = self.pair_rows * self.pair_columns
        pairs = rec["batch_pairs"][:shown]
        columns = VGroup(*(
            VGroup(*(Text(f"{zh}  →  {en}", font=th.FONT, font_size=th.SMALL,
                          color=self.theme.text, t2c={"→": self.theme.muted, en: self.theme.blue})
                     for zh, en in pairs[start:start + self.pair_rows]))
            .arrange(DOWN, aligned_edge=LEFT, buff=SPACE.sm)
            for start in range(0, len(pairs), self.pair_rows)))
        columns.arrange(RIGHT, aligned_edge=UP, buff=SPACE.xl)
        screen = VGroup(head, columns)
        more = len(rec["batch_pairs"]) - len(pairs)
        if more > 0:
            screen.add(self.text("batch.more", th.SMALL, self.theme.muted, n=more))
        self.on_stage(screen.arrange(DOWN, buff=SPACE.lg), region, margin=0)
        self.play(FadeIn(head), *(FadeIn(col, lag_ratio=self.lag / len(col)) for col in columns),
                  *(FadeIn(m) for m in screen[2:]), run_time=PACE.slow)
        self.say("batch.say2")

    # ------------------------------------------------------------------ 5
    def forward_loss(self):
        region = self.sidebar("forward", "loss")
        rec, v, d = self.rec, self.v, self.loss_decimals
        b, n_src, n_tgt, n_tok = self.shapes_of_batch
        self.say("forward_loss.say1")
        inputs = VGroup(self.text("forward_loss.src", th.SMALL, b=b, n=n_src),
                        self.text("forward_loss.tgt", th.SMALL, b=b, n=n_tgt))
        inputs.arrange(DOWN, aligned_edge=LEFT, buff=SPACE.sm)
        model = label(self.t("forward_loss.model"), th.SMALL)
        box = SurroundingRectangle(model, color=self.theme.blue, buff=SPACE.md,
                                   corner_radius=SPACE.xs)
        logits = self.text("forward_loss.logits", th.SMALL, b=b, n=n_tgt, v=v)
        flow = VGroup(inputs, VGroup(box, model), logits).arrange(RIGHT, buff=SPACE.xl)
        loss = NumberMathTex(LOSS, "forward_loss.loss", d, color=self.theme.orange,
                             loss=rec["loss"])
        tokens = self.text("forward_loss.tokens", th.SMALL, self.theme.muted, n=n_tok)
        first = tf.logged_step(self.log, 1)
        compare = VGroup(
            self.text("forward_loss.uniform", th.SMALL, decimals={"uniform": d}, v=v,
                      uniform=math.log(v)),
            self.text("forward_loss.first", th.SMALL, decimals={"loss": d}, step=first["step"],
                      loss=first["loss"]),
        ).arrange(DOWN, aligned_edge=LEFT, buff=SPACE.sm)
        screen = VGroup(flow, VGroup(loss, tokens).arrange(DOWN, buff=SPACE.md), compare)
        align = tf.logged_step(self.log, rec["step"]).get("align_loss")
        if align is not None:
            note = self.text("forward_loss.align", th.SMALL, self.theme.muted,
                             decimals={"coef": 1, "align": d}, coef=self.cfg["align_weight"],
                             align=align)
            screen.add(note)
        eps = self.cfg.get("label_smoothing", 0)
        if eps:
            smooth = self.text("forward_loss.smooth", th.SMALL, self.theme.muted,
                               decimals={"eps": 1, "right": d, "other": None}, eps=eps,
                               right=1 - eps + eps / v, other=eps / v)
            screen.add(smooth)
            note = VGroup(*screen[3:]).arrange(DOWN, aligned_edge=LEFT, buff=SPACE.xs)
            screen.remove(*note).add(note)
        self.on_stage(screen.arrange(DOWN, buff=SPACE.xl), region, margin=0)
        arrows = VGroup(flow_arrow(inputs.get_right(), box.get_left()),
                        flow_arrow(box.get_right(), logits.get_left()))
        self.play(LaggedStart(FadeIn(inputs), AnimationGroup(Create(arrows[0]), FadeIn(box),
                                                             FadeIn(model)),
                              AnimationGroup(Create(arrows[1]), FadeIn(logits)),
                              lag_ratio=self.lag), run_time=PACE.slow)
        self.say("forward_loss.say2", n=n_tok)
        self.play(Write(loss), FadeIn(tokens), run_time=PACE.steady)
        self.say("forward_loss.say3", decimals=d, uniform=math.log(v), first=first["loss"])
        self.play(FadeIn(compare), run_time=PACE.quick)
        if align is not None:
            self.play(FadeIn(note), run_time=PACE.quick)

    # ------------------------------------------------------------------ 6
    def backward_clip(self):
        region = self.sidebar("backward", "clip")
        rec, c, d = self.rec, self.cfg, self.loss_decimals
        n_params, scale = self.n_params, self.clip_scale
        self.say("backward_clip.say1", n=n_params)
        grads = self.text("backward_clip.grads", th.SMALL, n=n_params)
        norm = self.formula(NORM, "backward_clip.norm", d, norm=rec["grad_norm"])
        rule = self.formula(SCALE, "backward_clip.clip", {"scale": d, "clip": 1}, scale=scale,
                            clip=c["clip_norm"])
        bars = bar_pair(rec["grad_norm"], rec["grad_norm_clipped"], c["clip_norm"],
                        region.width / 2, [self.theme.red, self.theme.green])
        before = self.text("backward_clip.before", th.SMALL, self.theme.red, decimals=d,
                           norm=rec["grad_norm"]).next_to(bars[0][0], RIGHT, buff=SPACE.md)
        after = self.text("backward_clip.after", th.SMALL, self.theme.green, decimals=d,
                          norm=rec["grad_norm_clipped"]).next_to(bars[0][1], RIGHT,
                                                                 buff=SPACE.md)
        clip_at = self.text("backward_clip.limit", th.SMALL, self.theme.yellow, decimals=1,
                            c=c["clip_norm"]).next_to(bars[1], DOWN, buff=SPACE.xs)
        one = self.text("backward_clip.param", th.SMALL, self.theme.muted, param=rec["param"])
        g = self.text("backward_clip.grad", th.SMALL, decimals=self.grad_decimals,
                      before=rec["grad"], after=self.g_clipped)
        self.on_stage(VGroup(grads, VGroup(norm, rule).arrange(DOWN, buff=SPACE.md),
                          VGroup(bars, before, after, clip_at),
                          VGroup(one, g).arrange(DOWN, buff=SPACE.sm)).arrange(DOWN,
                                                                               buff=SPACE.xl),
                   region, margin=0)
        self.play(FadeIn(grads), Write(norm), run_time=PACE.steady)
        self.play(FadeIn(bars[0][0]), FadeIn(before), FadeIn(bars[1]), FadeIn(clip_at),
                  run_time=PACE.beat)
        self.say("backward_clip.say2" if scale < 1 else "backward_clip.say2_within", decimals={"norm": d, "c": 1, "scale": d},
                 norm=rec["grad_norm"], c=c["clip_norm"], scale=scale)
        self.play(Write(rule), run_time=PACE.beat)
        self.play(FadeIn(bars[0][1]), FadeIn(after), run_time=PACE.beat)
        self.say("backward_clip.say3", param=rec["param"])
        self.play(FadeIn(one), FadeIn(g), run_time=PACE.beat)

    # ------------------------------------------------------------------ 7
    def adam(self):
        region = self.sidebar("optimizer")
        rec, a, facts = self.rec, self.cfg["adam"], self.adam_values
        muted = self.theme.muted
        self.say("adam.say1", param=rec["param"])
        hyper = VGroup(
            NumberMathTex(HYPER, "adam.hyper", {"beta1": 2, "beta2": 2, "lr": self.lr_decimals},
                          color=muted, font_size=th.BODY, beta1=a["beta1"], beta2=a["beta2"],
                          t=rec["adam_t"], lr=rec["lr"]),
            SciNum(a["eps"], "adam.eps", 1, color=muted)).arrange(RIGHT, buff=SPACE.xs)
        g = VGroup(label(self.t("adam.g", param=rec["param"]), th.SMALL),
                   SciNum(rec["grad_clipped"], "adam.g", self.sci_digits))
        g.arrange(RIGHT, buff=SPACE.xs)
        values = {"m": rec["m"], "v": rec["v"], "m_hat": facts["m_hat"],
                  "v_hat": facts["v_hat"], "delta": facts["delta"]}
        formulas = VGroup(*(MathTex(tex, font_size=self.math_size, color=self.theme.text)
                            for _, tex in ADAM)).arrange(DOWN, aligned_edge=LEFT, buff=SPACE.md)
        shown = VGroup(*(SciNum(values[key], f"adam.{key}", self.sci_digits, size=th.BODY,
                                color=self.theme.yellow, prefix="= ")
                         .next_to(formulas, RIGHT, buff=SPACE.xl).set_y(f.get_y())
                         for (key, _), f in zip(ADAM, formulas)))
        result = self.text("adam.result", th.SMALL, self.theme.green,
                           decimals=self.param_decimals, before=rec["value_before"],
                           after=rec["value_after"])
        self.on_stage(VGroup(hyper, g, VGroup(formulas, shown), result)
                   .arrange(DOWN, buff=SPACE.lg), region, margin=0)

        index = {key: k for k, (key, _) in enumerate(ADAM)}

        def rows(*keys):
            return LaggedStart(*(AnimationGroup(Write(formulas[index[key]]),
                                                FadeIn(shown[index[key]])) for key in keys),
                               lag_ratio=self.lag)

        self.play(FadeIn(hyper), FadeIn(g), run_time=PACE.quick)
        self.play(rows("m", "v"), run_time=PACE.slow)
        self.say("adam.say2", t=rec["adam_t"])
        self.play(rows("m_hat", "v_hat"), run_time=PACE.slow)
        self.say("adam.say3", decimals=2, ratio=abs(facts["delta"]) / rec["lr"])
        self.play(rows("delta"), run_time=PACE.quick)
        self.play(FadeIn(result), Create(SurroundingRectangle(result, color=self.theme.green,
                                                              buff=SPACE.xs)),
                  run_time=PACE.beat)

    # ------------------------------------------------------------------ 8
    def schedule(self):
        region = self.sidebar("schedule")
        rec, c, d = self.rec, self.cfg, self.lr_decimals
        peak = c["peak_lr"]
        self.say("schedule.say1", decimals={"peak": d}, warmup=c["warmup"], peak=peak)
        plot = LinePlot({"lr": (self.lr_steps, self.lrs)}, "schedule.lr",
                        x_range=[0, c["steps"], c["steps"] / self.ticks],
                        y_range=[0, peak, peak / 2], width=region.width - 2 * SPACE.xxl,
                        height=region.height / 2, colours=[self.theme.green],
                        dots={"lr": ([rec["step"]], [rec["lr"]])}, axis_numbers=False,
                        x_label=self.t("schedule.x"), y_label=self.t("schedule.y"))
        numbers = tick_numbers(plot, "schedule.lr", 0, d)
        plot.y_label.rotate(PI / 2).next_to(numbers, LEFT, buff=SPACE.sm)
        plot.y_label.set_y(plot.axes.get_y())
        name = self.text("schedule.name", th.SMALL, self.theme.green,
                         decimals={"peak": d, "low": d}, schedule=c["schedule"],
                         warmup=c["warmup"], peak=peak, low=c["min_lr"])
        self.on_stage(VGroup(VGroup(plot, numbers), name).arrange(DOWN, buff=SPACE.md), region,
                      margin=0)
        self.play(FadeIn(plot.axes), FadeIn(numbers), FadeIn(plot.x_label),
                  FadeIn(plot.y_label), FadeIn(name), run_time=PACE.quick)
        self.play(Create(plot.curves), run_time=PACE.slow, rate_func=linear)
        self.say("schedule.say2", decimals={"lr": d}, step=rec["step"], lr=rec["lr"])
        mark = self.text("schedule.mark", th.SMALL, self.theme.yellow, decimals={"lr": d},
                         step=rec["step"], lr=rec["lr"])
        ring = Circle(radius=SPACE.xs, color=self.theme.yellow).move_to(plot.dots[0])
        mark.next_to(ring, UR, buff=SPACE.xs)
        self.play(FadeIn(plot.dots), Create(ring), FadeIn(mark), run_time=PACE.quick)
        self.say("schedule.say3", steps=c["steps"])

    # ------------------------------------------------------------------ 9
    def curve(self):
        c, steps, final, ev = self.cfg, self.log["steps"], self.log["final"], self.evals
        d, v, muted = self.loss_decimals, self.v, self.theme.muted
        orange, blue, green = self.theme.orange, self.theme.blue, self.theme.green
        stage = self.stage()
        self.say("curve.say1", steps=c["steps"], n=c["n_pairs"])
        ends = VGroup(*(self.text(f"curve.{key}", th.SMALL, decimals={"loss": self.places(s["loss"])},
                                  step=s["step"], loss=s["loss"])
                        for key, s in (("first", steps[0]), ("last", steps[-1]))))
        ends.arrange(DOWN, aligned_edge=LEFT, buff=SPACE.sm)
        legend = VGroup(self.text("curve.train", th.SMALL, orange, n=final["n_train"]),
                        self.text("curve.heldout", th.SMALL, blue, n=final["n_heldout"],
                                  every=c["eval_every"]))
        legend.arrange(DOWN, aligned_edge=LEFT, buff=SPACE.xs)
        result = VGroup(
            label(self.t("curve.final"), th.SMALL, green),
            self.text("curve.final_loss", th.SMALL, green,
                      decimals={"train": self.places(ev["train_loss"][-1]),
                                "held": self.places(ev["heldout_loss"][-1])},
                      train=ev["train_loss"][-1], held=ev["heldout_loss"][-1]),
        ).arrange(DOWN, aligned_edge=LEFT, buff=SPACE.xs)
        note = (self.text("curve.window", th.SMALL, muted, k=self.loss_window)
                if self.loss_window > 1 else label(self.t("curve.every"), th.SMALL, muted))
        side = VGroup(VGroup(legend, note).arrange(DOWN, aligned_edge=LEFT, buff=SPACE.xs),
                      ends, result).arrange(DOWN, aligned_edge=LEFT, buff=SPACE.lg)
        plot = LinePlot({"train": (self.loss_x, self.loss_y),
                         "heldout": (ev["step"], ev["heldout_loss"])}, "curve.loss",
                        x_range=[0, c["steps"], c["steps"] / self.ticks],
                        y_range=[0, float(np.ceil(self.loss_y.max())), 1],
                        width=stage.width - side.width - 2 * SPACE.xxl - SPACE.xl,
                        height=stage.height - 2 * SPACE.xxl, colours=[orange, blue],
                        dots={"heldout": (ev["step"], ev["heldout_loss"])},
                        x_label=self.t("curve.x"), y_label=self.t("curve.y"))
        uniform = plot.hline(math.log(v), muted)
        uniform_text = self.text("curve.uniform", th.SMALL, muted, decimals={"u": d},
                                 u=math.log(v))
        # under the line at its right end, where the curve has long since fallen
        uniform_text.next_to(uniform, DOWN, buff=SPACE.xs).align_to(uniform, RIGHT)
        side.next_to(plot.axes, RIGHT, buff=SPACE.xl).align_to(plot.axes, UP)
        self.on_stage(VGroup(plot, uniform, uniform_text, side), stage, margin=0)
        train_curve, held_curve = plot.curves
        self.play(FadeIn(plot.axes), FadeIn(plot.numbers), FadeIn(plot.x_label),
                  FadeIn(plot.y_label), FadeIn(note), Create(uniform), FadeIn(uniform_text),
                  FadeIn(legend[0]), run_time=PACE.beat)
        self.play(Create(train_curve), run_time=PACE.long, rate_func=linear)
        self.say("curve.say2", decimals={"first": self.places(steps[0]["loss"]),
                                          "last": self.places(steps[-1]["loss"])},
                 first=steps[0]["loss"], last=steps[-1]["loss"])
        self.play(FadeIn(ends), run_time=PACE.quick)
        self.say("curve.say3", n=final["n_heldout"])
        self.play(FadeIn(legend[1]), Create(held_curve), FadeIn(plot.dots), run_time=PACE.slow)
        self.play(FadeIn(result), run_time=PACE.quick)

    # ------------------------------------------------------------------ 9b
    def unseen(self):
        c, final, ev, u = self.cfg, self.log["final"], self.evals, self.example
        orange, blue, green, muted = (self.theme.orange, self.theme.blue, self.theme.green,
                                      self.theme.muted)
        stage = self.stage()
        percent = {k: 100 * ev[k] for k in ("train_exact", "heldout_exact")}
        low = self.percent_floor(min(p.min() for p in percent.values()))
        self.say("unseen.say1", n=final["n_heldout"], train=final["n_train"])
        plot = LinePlot({"train": (ev["step"], percent["train_exact"]),
                         "heldout": (ev["step"], percent["heldout_exact"])}, "unseen.exact",
                        x_range=[0, c["steps"], c["steps"] / self.ticks],
                        y_range=[low, 100, (100 - low) / 2], width=stage.width / 2 - SPACE.xxl,
                        height=stage.height / 2, colours=[orange, blue],
                        dots={"heldout": (ev["step"], percent["heldout_exact"])},
                        x_label=self.t("curve.x"), y_label=self.t("unseen.y"))
        scores = VGroup(
            self.text("unseen.train", th.SMALL, orange, decimals={"p": 1},
                      p=100 * final["train_accuracy"], n=final["n_train"]),
            self.text("unseen.heldout", th.SMALL, blue, decimals={"p": 1},
                      p=100 * final["heldout_accuracy"], n=final["n_heldout"]),
        ).arrange(DOWN, aligned_edge=LEFT, buff=SPACE.xs)
        left = VGroup(plot, scores).arrange(DOWN, buff=SPACE.lg)
        right = VGroup(label(self.t("unseen.never", n=final["n_train"]), th.SMALL, muted),
                       token_boxes(u["zh"], size=th.SMALL))
        right.add(label(self.t("unseen.model", words=" ".join(u["got"])), th.SMALL, green
                        if u["en"] in (None, u["got"]) else self.theme.red))
        if u["en"] is not None:
            right.add(label(self.t("unseen.reference", words=" ".join(u["en"])), th.SMALL,
                            muted))
        if u["near"]:
            right.add(VGroup(label(self.t("unseen.saw"), th.SMALL, muted),
                             *(label(" ".join(z), th.SMALL, muted) for z in u["near"]))
                      .arrange(DOWN, aligned_edge=LEFT, buff=SPACE.xs))
        right.arrange(DOWN, aligned_edge=LEFT, buff=SPACE.md)
        self.on_stage(VGroup(left, right).arrange(RIGHT, buff=SPACE.xxl, aligned_edge=UP),
                      stage)
        self.play(FadeIn(plot.axes), FadeIn(plot.numbers), FadeIn(plot.x_label),
                  FadeIn(plot.y_label), run_time=PACE.quick)
        self.play(Create(plot.curves), FadeIn(plot.dots), run_time=PACE.slow, rate_func=linear)
        self.say("unseen.say2", decimals=1, train=100 * final["train_accuracy"],
                 held=100 * final["heldout_accuracy"])
        self.play(FadeIn(scores), run_time=PACE.quick)
        self.say("unseen.say3" if u["en"] is not None else "unseen.say3_own")
        self.play(FadeIn(right[:2]), run_time=PACE.beat)
        self.play(FadeIn(right[2:]), run_time=PACE.steady)

    def places(self, loss: float) -> int | None:
        """A loss with loss_decimals places, in scientific notation when that would show 0."""
        return self.loss_decimals if round(loss, self.loss_decimals) else None

    def percent_floor(self, lowest: float) -> float:
        """The accuracy axis starts at the multiple of ``percent_tick`` below the lowest value."""
        return float(self.percent_tick * math.floor(lowest / self.percent_tick))

    # ------------------------------------------------------------------ 10
    def shapes(self):
        c, curves, stage = self.cfg, self.shape_curves, self.stage()
        self.say("shapes.say1")
        colours = [self.theme.blue, self.theme.purple, self.theme.green, self.theme.orange]
        note = self.text("shapes.note", th.SMALL, self.theme.muted,
                         decimals={"peak": self.lr_decimals, "low": self.lr_decimals},
                         peak=c["peak_lr"], warmup=c["warmup"], steps=c["steps"],
                         low=c["min_lr"])
        panels = VGroup()
        for colour, (name, (xs, ys)) in zip(colours, curves.items()):
            plot = LinePlot({name: (xs, ys)}, f"shapes.{name}",
                            x_range=[0, c["steps"], c["steps"] / self.ticks],
                            y_range=[0, c["peak_lr"], c["peak_lr"] / 2],
                            width=stage.width / 2 - SPACE.xxl,
                            height=stage.height / 2 - SPACE.xxl - SPACE.lg,
                            colours=[colour], axis_numbers=False)
            title = label(self.t(f"shapes.{name}"), th.SMALL, colour)
            title.next_to(plot.axes, UP, buff=SPACE.xs).align_to(plot.axes, LEFT)
            panels.add(VGroup(title, plot))
        panels.arrange_in_grid(2, 2, buff=SPACE.xxl)
        self.on_stage(VGroup(note, panels).arrange(DOWN, buff=SPACE.lg), stage, margin=0)
        self.add(note)
        self.play(LaggedStart(*(AnimationGroup(FadeIn(p[0]), FadeIn(p[1].axes),
                                               Create(p[1].curves)) for p in panels),
                              lag_ratio=self.lag), run_time=PACE.long)
        self.say("shapes.say2", schedule=c["schedule"], restarts=self.restarts)
        frame = SurroundingRectangle(panels[list(curves).index(c["schedule"])],
                                     color=self.theme.yellow, buff=SPACE.xs)
        tag = label(self.t("shapes.used"), th.SMALL, self.theme.yellow)
        tag.next_to(frame, UP, buff=SPACE.xs).align_to(frame, RIGHT)
        self.play(Create(frame), FadeIn(tag), run_time=PACE.quick)

    # ------------------------------------------------------------------ 11
    def before_after(self):
        (_, p0, _), (trained, p1, _) = self.outputs["before"], self.outputs["after"]
        self.say("before_after.say1", seed=self.cfg["seed"])
        tokens = token_boxes(list(self.words), size=th.SMALL)
        where = self.text("before_after.where", th.SMALL, self.theme.muted,
                          n=self.position + 1)
        panels = VGroup()
        for key, colour in (("before", self.theme.red), ("after", self.theme.green)):
            model, p, greedy = self.outputs[key]
            ids = tf.top_tokens(p, self.top_k)
            bars = ProbBars(p, ids, [model.tgt_vocab[i] for i in ids], f"before_after.{key}",
                            width=self.bar_width, decimals=self.prob_decimals, colour=colour)
            title = self.text(f"before_after.{key}", th.SMALL, colour,
                              **({"seed": self.cfg["seed"]} if key == "before" else
                                 {"steps": self.cfg["steps"]}))
            says = label(self.t("before_after.greedy", words=" ".join(greedy)), th.SMALL)
            if says.width > bars.width:  # a long translation stays as wide as its bars
                says.scale_to_fit_width(bars.width)
            panels.add(VGroup(title, bars, says).arrange(DOWN, buff=SPACE.md))
        panels.arrange(RIGHT, buff=SPACE.xxl, aligned_edge=UP)
        self.on_stage(VGroup(VGroup(tokens, where).arrange(DOWN, buff=SPACE.sm), panels)
                   .arrange(DOWN, buff=SPACE.lg), self.stage(), margin=0)
        self.play(FadeIn(tokens), FadeIn(where), run_time=PACE.quick)
        self.play(FadeIn(panels[0][0]), FadeIn(panels[0][1]), run_time=PACE.beat)
        self.say("before_after.say2", decimals=self.prob_decimals, top=float(p0.max()),
                 uniform=1 / self.v)
        self.play(FadeIn(panels[0][2]), run_time=PACE.quick)
        best = trained.tgt_vocab[int(np.argmax(p1))]
        self.say("before_after.say3", decimals=self.prob_decimals, word=best,
                 p=float(p1.max()))
        self.play(FadeIn(panels[1]), run_time=PACE.steady)
        self.say("before_after.say4")
