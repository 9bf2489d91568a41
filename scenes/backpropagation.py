"""Backpropagation on one real training pair: the forward pass and the loss, the gradient
flowing back link by link through the generator, the last decoder layer's FFN and its
cross-attention (the chain rule, every number from the hand-written backward pass), three
weights' gradients as sums of (input x arriving gradient), the same gradients by finite
differences, the parameters most to blame as heat strips per parameter group, and one SGD
step with the loss after it. Every number is computed by scenes.reference.backpropagation.

    manim -pql scenes/backpropagation.py Backpropagation
"""

from __future__ import annotations

import dataclasses

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    AnimationGroup,
    Create,
    FadeIn,
    Group,
    LaggedStart,
    Line,
    MathTex,
    SurroundingRectangle,
    VGroup,
    Write,
)

from scenes import reference as ref
from scenes.kit import (
    Block,
    Heatmap,
    LectureScene,
    LinePlot,
    Num,
    NumberMathTex,
    NumberMatrix,
    flow_arrow,
    label,
    token_boxes,
)
from scenes.kit import theme as th
from scenes.kit.theme import PACE, SPACE
from scenes.parts.backpropagation import ChainColumn, column_titles, column_words
from scenes.reference import backpropagation as bp

LOSS = r"L = \frac{1}{<<n>>} \sum_{t} -\log p_t = <<loss>>"
FINITE = (r"\frac{\partial L}{\partial \theta} \approx "
          r"\frac{L(\theta + h) - L(\theta - h)}{2h}")
SGD = r"\theta_{\text{new}} = \theta - \eta\,\frac{\partial L}{\partial \theta},\quad \eta = <<lr>>"
# the chain's rows, the loss first: (symbol, the gradient's name in bp.chain, its width)
CHAIN = (("L", None, None), ("z", "d_z", "v"), ("y", "d_y", "d"), ("f", "d_f", "d"),
         ("h", "d_h", "d_ff"), ("b", "d_b", "d"), ("c", "d_c", "d"))
HANGING = {"y": "generator", "h": "w2", "b": "ffn", "c": "attention"}  # weights at the links
TRACKED = tuple(bp.WEIGHTS)  # generator, ffn, attention
PERCENT = 100  # a share shown in per cent
TANGENT_STROKE = 3

# where every number of the scene comes from (scenes.tools.numbers: the numbers files, the
# player's panel, the handouts); "<record>{key}" is the placeholder key of a text or subtitle
BP = "scenes.reference.backpropagation"
FWD = f"{BP}.forward_pass"  # the pair's forward pass (bp.training_pair: the corpus's target)
TRACKED_W = (f"{BP}.largest: the entry of largest |gradient| of each tracked weight "
             f"({BP}.WEIGHTS)")
ORIGINS = {
    "*forward.*{n}": f"{FWD}: tgt_out, the target tokens + <eos>",
    "*forward.outputs{v}": "model.tgt_vocab: its size",
    "forward.table": f"{FWD}: p_correct and nll = -log p_correct",
    "*forward.*{loss}": f"{FWD}: loss = mean(nll)",
    "*chain.loss{v}": "scenes.reference.loss_and_grads: the loss",
    "*chain.norm{v}": f"{BP}.norms: ||dL/dx|| of each link of {BP}.chain",
    "*chain.shape{n}": f"{FWD}: tgt_out, the target tokens + <eos>",
    "*chain.shape{m}": "model.tgt_vocab: its size; model.config.d_model, d_ff (the width of "
                       "each link)",
    "*{i}": TRACKED_W + ", its row",
    "*{j}": TRACKED_W + ", its column",
    "weights.*": f"{BP}.weight_terms: x_t[i], dL/dout_t[j] and their products over the "
                 "positions t",
    "*weights.sum{g}": f"{BP}.weight_terms: the sum, dL/dW[i, j]",
    "*weights.say3{g}": f"{BP}.weight_terms: dL/dW[i, j] of the generator's weight",
    "*weights.say4{g}": f"{BP}.weight_terms: dL/dW[i, j] of the attention's weight",
    "*check.h{h}": "Backpropagation.fd_step",
    "check.table": "scenes.reference.loss_and_grads: the tracked weights' gradients (left); "
                   f"{BP}.finite_difference (right)",
    "check.diff": f"{BP}.finite_difference: |backprop - central difference| of each weight",
    "*check.say2{diff}": f"{BP}.finite_difference: the largest |backprop - central "
                         "difference|",
    "check.curve": f"{BP}.loss_along: L with the generator's weight moved by "
                   "+- Backpropagation.curve_reach",
    "*blame.say1{n}": "scenes.reference.param_count: of model.params",
    "*blame.*{k}": "Backpropagation.strip_cells",
    "*blame.top{k}": f"{BP}.top_parameters: its k (Backpropagation.top_k)",
    "blame.strip": f"{BP}.blame: |gradient| of each group, largest first",
    "blame.max": f"{BP}.blame: max, each group's largest |gradient|",
    "*blame.share{s}": f"{BP}.blame: share of ||g||^2, in percent",
    "*blame.say3{share}": f"{BP}.blame: the largest share of ||g||^2, in percent",
    "*blame.say2*{g}": f"{BP}.top_parameters: the largest |gradient|",
    "*blame.param?{i}": f"{BP}.top_parameters: the index of each parameter, its row",
    "*blame.param?{j}": f"{BP}.top_parameters: the index of each parameter, its column",
    "*blame.param?{g}": f"{BP}.top_parameters: each parameter's gradient",
    "*{lr}": "Backpropagation.lr",
    "update.weights": f"model.params: the tracked weights (left); their gradients "
                      f"(scenes.reference.loss_and_grads); {BP}.update: after the step (right)",
    "*update.*{before}": f"{BP}.update: before, the pair's loss",
    "*update.*{after}": f"{BP}.update: after, the loss after one SGD step",
    "update.p": f"{FWD}: p_correct before and after the step",
    "*update.loss_before{v}": f"{BP}.update: before, the pair's loss",
    "*update.loss_after{v}": f"{BP}.update: after, the loss after one SGD step",
    "*update.*{predicted}": f"{BP}.update: predicted = loss - lr ||g||^2",
    "*update.estimate{v}": f"{BP}.update: predicted = loss - lr ||g||^2",
}


class Backpropagation(LectureScene):
    decimals = 3  # probabilities and losses
    norm_decimals = 4  # gradient sizes ||dL/dx||
    term_decimals = 4  # a weight's inputs, arriving gradients and their products
    grad_decimals = 5  # one weight's gradient
    check_decimals = 8  # backprop against finite differences
    fd_step = 1e-5  # h of the central difference
    curve_reach = 1.0  # the loss curve spans theta +- this
    curve_points = 41
    tangent_span = 0.5  # the tangent is drawn over this share of the curve's half-width
    plot_size = (6.0, 2.4)  # width, height of the loss curve
    strip_cells = 24  # the largest |gradients| of each group in the blame chart
    strip_width = 4.0
    share_decimals = 1  # percentages
    top_k = 5  # parameters listed as most to blame
    lr = 0.02  # the SGD step's learning rate
    lr_decimals = 2
    update_decimals = 5  # weights before and after the step
    math_size = 36
    lag = 0.3
    origins = ORIGINS  # where every number comes from (scenes.tools.numbers)

    steps = ("forward", "chain", "weights", "check", "blame", "update")

    def prepare(self):
        self.model = model = ref.load_model()
        _, self.tgt, self.from_corpus = bp.training_pair(model, self.words)
        self.src_ids, self.tgt_ids = model.src_ids(list(self.words)), model.tgt_ids(self.tgt)
        pair = (model, self.src_ids, self.tgt_ids)
        self.fwd = bp.forward_pass(*pair)
        self.targets = [model.tgt_vocab[i] for i in self.fwd["tgt_out"]]
        self.links = bp.chain(*pair)
        self.sizes = bp.norms({key: self.links[key] for _, key, _ in CHAIN if key})
        self.loss, self.grads = ref.loss_and_grads(model.params, model.config, *pair[1:])
        flat = ref.flatten_params(self.grads)
        self.tracked = {}
        for name, (key, x_name, d_name) in bp.WEIGHTS.items():
            key = bp.weight_key(model, key)
            index = bp.largest(flat[key])
            x, d, products, total = bp.weight_terms(self.links, x_name, d_name, index)
            self.tracked[name] = {
                "key": key, "index": index, "x": x, "d": d, "products": products, "sum": total,
                "grad": float(flat[key][index]),
                "value": float(ref.flatten_params(model.params)[key][index]),
                "numeric": bp.finite_difference(*pair, key, index, self.fd_step),
                "word": bp.token_of(model, key, index)}
        g = self.tracked["generator"]
        self.offsets = np.linspace(-self.curve_reach, self.curve_reach, self.curve_points)
        self.curve = bp.loss_along(*pair, g["key"], g["index"], self.offsets)
        self.blame_rows = bp.blame(self.grads, model.config)
        self.top = bp.top_parameters(self.grads, self.top_k)
        self.n_params = ref.param_count(model.params)
        self.step_result = bp.update(*pair, self.lr)
        stepped = dataclasses.replace(model, params=self.step_result["params"])
        self.fwd_after = bp.forward_pass(stepped, self.src_ids, self.tgt_ids)
        after = ref.flatten_params(self.step_result["params"])
        for t in self.tracked.values():
            t["after"] = float(after[t["key"]][t["index"]])

    # ------------------------------------------------------------------ helpers
    def small(self, key, colour=None, **values):
        return self.text(key, th.SMALL, colour, **values)

    def tiny(self, key, colour=None, **values):
        return self.text(key, th.TINY, colour or self.theme.muted, **values)

    def weight_names(self, table) -> VGroup:
        """The tracked weights' names with their indices, left of the rows of ``table``."""
        names = VGroup()
        for n, row in zip(TRACKED, table.grid):
            i, j = self.tracked[n]["index"]
            name = self.small(f"check.{n}", self.theme.muted, i=i, j=j)
            names.add(name.next_to(table.grid, LEFT, buff=SPACE.lg).set_y(row.get_y()))
        return names

    def dims(self):
        c = self.model.config
        return {"v": len(self.model.tgt_vocab), "d": c.d_model, "d_ff": c.d_ff}

    # ------------------------------------------------------------------ 1
    def forward(self):
        theme, f = self.theme, self.fwd
        n, v = len(f["tgt_out"]), len(self.model.tgt_vocab)
        src, tgt = " ".join(self.words), " ".join(self.tgt)
        pair = VGroup(label(self.t("forward.pair"), th.SMALL, theme.muted),
                      label(f"{src}   →   {tgt}", th.BODY)).arrange(RIGHT, buff=SPACE.md)
        tokens = token_boxes(list(self.words), theme.blue, th.SMALL, buff=SPACE.xs)
        inputs = VGroup(tokens, label(self.t("forward.inputs"), th.TINY, theme.muted))
        inputs.arrange(DOWN, buff=SPACE.xs)
        model = Block(self.t("forward.model"), theme.blue, size=th.SMALL)
        model.box.stretch_to_fit_width(model.text.width + 2 * SPACE.md)
        outputs = self.small("forward.outputs", n=n, v=v)
        flow = VGroup(inputs, model, outputs).arrange(RIGHT, buff=SPACE.xl)
        arrows = VGroup(flow_arrow(inputs.get_right(), model.get_left()),
                        flow_arrow(model.get_right(), outputs.get_left()))
        cell_w = max(label(w, th.SMALL).width for w in self.targets) + SPACE.lg
        table = NumberMatrix(np.stack([f["p_correct"], f["nll"]]), "forward.table",
                             self.decimals, row_labels=[self.t("forward.p_row"),
                                                        self.t("forward.nll_row")],
                             size=th.SMALL, cell_w=cell_w, cell_h=SPACE.lg + SPACE.sm,
                             brackets=False)
        words = column_words(table, self.targets, th.SMALL)
        table.grid[0].set_color(theme.blue)
        table.grid[1].set_color(theme.orange)
        loss = NumberMathTex(LOSS, "forward.loss", {"n": 0, "loss": self.decimals},
                             color=theme.text, font_size=self.math_size, n=n, loss=f["loss"])
        box = SurroundingRectangle(loss, color=theme.green, buff=SPACE.sm,
                                   corner_radius=SPACE.xs)
        screen = VGroup(pair, VGroup(flow, arrows), VGroup(table, words), VGroup(loss, box))
        self.on_stage(screen.arrange(DOWN, buff=SPACE.xl), margin=SPACE.xs)
        key = "forward.say1" if self.from_corpus else "forward.say1_model"
        self.say(key, src=src, tgt=tgt)
        self.play(FadeIn(pair), run_time=PACE.quick)
        self.say("forward.say2")
        self.play(LaggedStart(FadeIn(inputs), AnimationGroup(Create(arrows[0]), FadeIn(model)),
                              AnimationGroup(Create(arrows[1]), FadeIn(outputs)),
                              lag_ratio=self.lag), run_time=PACE.slow)
        self.play(FadeIn(words), FadeIn(table.row_labels[0]), FadeIn(table.grid[0]),
                  run_time=PACE.beat)
        self.play(FadeIn(table.row_labels[1]), FadeIn(table.grid[1]), run_time=PACE.quick)
        self.add(table)  # its parts are on screen: the matrix as a whole records its numbers
        self.say("forward.say3", decimals={"n": 0, "loss": self.decimals}, n=n, loss=f["loss"])
        self.play(Write(loss), Create(box), run_time=PACE.steady)

    # ------------------------------------------------------------------ 2
    def chain(self):
        theme, n, dims = self.theme, len(self.fwd["tgt_out"]), self.dims()
        rows = []
        for symbol, key, width in CHAIN:
            name = label(self.t(f"chain.node.{symbol}"), th.SMALL)
            if key is None:
                shape, size = None, self.small("chain.loss", theme.green,
                                               decimals=self.decimals, v=self.loss)
            else:
                shape = self.tiny("chain.shape", n=n, m=dims[width])
                size = self.small("chain.norm", theme.orange, decimals=self.norm_decimals,
                                  x=symbol, v=self.sizes[key])
            rows.append((label(symbol, th.SMALL, weight="BOLD"), name, shape, size))
        rules = [label(self.t(f"chain.rule.{s}"), th.TINY, theme.muted) for s, _, _ in CHAIN[1:]]
        weights = {next(k for k, (s, _, _) in enumerate(CHAIN) if s == symbol):
                   label(self.t(f"chain.weight.{symbol}"), th.TINY, theme.yellow)
                   for symbol in HANGING}
        figure = ChainColumn(rows, rules, weights, theme.orange)
        self.on_stage(figure, margin=SPACE.xs)
        self.say("chain.say1")
        self.play(FadeIn(figure.row(0)), run_time=PACE.quick)
        says = {"z": "chain.say2", "f": "chain.say3", "c": "chain.say4"}  # before these rows
        shapes = iter(figure.shapes)
        for k in range(1, len(CHAIN)):
            if CHAIN[k][0] in says:
                self.say(says[CHAIN[k][0]])
            self.play(Create(figure.arrows[k - 1]), FadeIn(figure.rules[k - 1]),
                      FadeIn(figure.row(k)), FadeIn(next(shapes)), run_time=PACE.beat)
        self.say("chain.say5")
        self.play(LaggedStart(*(FadeIn(w) for w in figure.weights), lag_ratio=self.lag),
                  run_time=PACE.steady)

    # ------------------------------------------------------------------ 3
    def weights(self):
        theme = self.theme
        cell_w = max(label(w, th.TINY).width for w in self.targets) + SPACE.lg
        panels = VGroup()
        for name in TRACKED:
            t = self.tracked[name]
            i, j = t["index"]
            extra = {"word": t["word"]} if name == "generator" else {}
            title = self.small(f"weights.{name}", theme.yellow, i=i, j=j, **extra)
            matrix = NumberMatrix(np.stack([t["x"], t["d"], t["products"]]), f"weights.{name}",
                                  self.term_decimals,
                                  row_labels=[self.t(f"weights.x.{name}"),
                                              self.t(f"weights.d.{name}"),
                                              self.t("weights.product")],
                                  size=th.TINY, cell_w=cell_w, cell_h=SPACE.md + SPACE.xs,
                                  brackets=False)
            matrix.add(column_words(matrix, self.targets))
            matrix.grid[-1].set_color(theme.orange)
            total = self.small("weights.sum", theme.orange, decimals=self.grad_decimals,
                               g=t["sum"])
            total.next_to(matrix.grid, RIGHT, buff=SPACE.xl).set_y(matrix.grid[-1].get_y())
            panels.add(VGroup(title, VGroup(matrix, total)).arrange(DOWN, aligned_edge=LEFT,
                                                                    buff=SPACE.sm))
        panels.arrange(DOWN, aligned_edge=LEFT, buff=SPACE.lg)
        x = max(p[1][0].grid.get_left()[0] for p in panels)  # one column grid for all three
        for p in panels:
            p[1].shift(RIGHT * (x - p[1][0].grid.get_left()[0]))
        self.on_stage(panels, margin=SPACE.xs)
        self.say("weights.say1")
        self.play(FadeIn(panels[0][0]), FadeIn(panels[0][1][0]), run_time=PACE.beat)
        self.say("weights.say2")
        self.play(FadeIn(panels[0][1][1]), run_time=PACE.quick)
        g = self.tracked["generator"]
        self.say("weights.say3", decimals=self.grad_decimals, word=g["word"], g=g["sum"])
        self.play(FadeIn(panels[1]), run_time=PACE.beat)
        self.say("weights.say4", decimals=self.grad_decimals,
                 g=self.tracked["attention"]["sum"])
        self.play(FadeIn(panels[2]), run_time=PACE.beat)

    # ------------------------------------------------------------------ 4
    def check(self):
        theme, d = self.theme, self.check_decimals
        formula = VGroup(MathTex(FINITE, font_size=self.math_size, color=theme.text),
                         self.small("check.h", decimals=None, h=self.fd_step))
        formula.arrange(RIGHT, buff=SPACE.lg)
        values = np.array([[self.tracked[n]["grad"], self.tracked[n]["numeric"]]
                           for n in TRACKED])  # [3, 2]
        diffs = np.abs(values[:, 0] - values[:, 1])
        table = NumberMatrix(values, "check.table", d,
                             col_labels=[self.t("check.col_backprop"),
                                         self.t("check.col_numeric")],
                             size=th.SMALL, cell_w=label("−0.00000000", th.SMALL).width
                             + SPACE.xl, cell_h=SPACE.lg + SPACE.sm, brackets=False)
        diff_nums = VGroup(*(Num(v, "check.diff", None, size=th.SMALL, color=theme.green)
                             for v in diffs))
        x = table.grid.get_right()[0] + SPACE.xl
        for num, row in zip(diff_nums, table.grid):
            num.move_to([x, row.get_y(), 0], aligned_edge=LEFT)
        diff_head = label(self.t("check.col_diff"), th.TINY, theme.muted)
        diff_head.move_to([diff_nums.get_x(), table.col_labels.get_y(), 0])
        names = self.weight_names(table)
        grid = VGroup(table, diff_nums, diff_head, names)
        g = self.tracked["generator"]
        width, height = self.plot_size
        top = float(self.curve.max())
        plot = LinePlot({"L": (self.offsets, self.curve)}, "check.curve",
                        x_range=[-self.curve_reach, self.curve_reach, self.curve_reach],
                        y_range=[0, top, top], width=width, height=height,
                        colours=[theme.blue], axis_numbers=False,
                        dots={"L": (np.zeros(1), [self.loss])}, x_label=self.t("check.curve_x"),
                        y_label=self.t("check.curve_y"))
        reach = min(self.curve_reach * self.tangent_span, self.loss / max(abs(g["grad"]),
                                                                           self.fd_step))
        tangent = Line(plot.point(-reach, self.loss - g["grad"] * reach),
                       plot.point(reach, self.loss + g["grad"] * reach),
                       color=theme.orange, stroke_width=TANGENT_STROKE)
        note = label(self.t("check.tangent"), th.TINY, theme.orange)
        note.next_to(plot.axes, RIGHT, buff=SPACE.md).set_y(tangent.get_end()[1])
        lower = VGroup(plot, tangent, note)
        self.on_stage(VGroup(formula, grid, lower).arrange(DOWN, buff=SPACE.lg), margin=SPACE.xs)
        self.say("check.say1")
        self.play(Write(formula[0]), FadeIn(formula[1]), run_time=PACE.steady)
        self.play(FadeIn(names), FadeIn(table.col_labels), FadeIn(table.column(0)),
                  run_time=PACE.beat)
        self.play(FadeIn(table.column(1)), run_time=PACE.beat)
        self.add(table)
        self.say("check.say2", decimals=None, diff=float(diffs.max()))
        self.play(FadeIn(diff_head), FadeIn(diff_nums), run_time=PACE.quick)
        self.say("check.say3")
        self.play(FadeIn(plot.axes), FadeIn(plot.x_label), FadeIn(plot.y_label),
                  Create(plot.curves), run_time=PACE.slow)
        self.play(FadeIn(plot.dots), Create(tangent), FadeIn(note), run_time=PACE.beat)

    # ------------------------------------------------------------------ 5
    def blame(self):
        theme, k = self.theme, self.strip_cells
        rows = self.blame_rows
        vmax = max(r["max"] for r in rows)
        names = [label(r["name"], th.TINY, theme.text, mono=True) for r in rows]
        pitch = max(m.height for m in names) + SPACE.sm
        strip_h = pitch - SPACE.xs
        strips, maxima, shares = Group(), VGroup(), VGroup()
        name_w = max(m.width for m in names)
        for r_i, (row, name) in enumerate(zip(rows, names)):
            y = -r_i * pitch
            name.move_to([0, y, 0], aligned_edge=LEFT)
            strip = Heatmap(row["abs"][None, :k], "blame.strip", width=self.strip_width,
                            height=strip_h, diverging=False, vmax=vmax,  # from 0
                            as_image=True)
            strip.move_to([name_w + SPACE.md, y, 0], aligned_edge=LEFT)
            strips.add(strip)
            maxima.add(Num(row["max"], "blame.max", self.norm_decimals, size=th.TINY)
                       .move_to([strip.get_right()[0] + SPACE.md, y, 0], aligned_edge=LEFT))
        for r_i, row in enumerate(rows):
            share = self.text("blame.share", th.TINY, theme.muted,
                              decimals=self.share_decimals, s=PERCENT * row["share"])
            shares.add(share.move_to([maxima.get_right()[0] + SPACE.xl, -r_i * pitch, 0],
                                     aligned_edge=LEFT))
        head = column_titles([self.t("blame.col_group"),
                              self.text("blame.col_strip", th.TINY, theme.muted,
                                        weight="BOLD", k=k),
                              self.t("blame.col_max"), self.t("blame.col_share")],
                             [VGroup(*names), strips, maxima, shares])
        head[0].align_to(names[0], LEFT)
        chart = Group(head, VGroup(*names), strips, maxima, shares)
        # the most to blame: full name, index, its token, gradient
        top_title = self.text("blame.top", th.SMALL, theme.yellow, k=len(self.top))
        entries = VGroup()
        for key, index, g in self.top:
            word = bp.token_of(self.model, key, index)
            values = dict(zip("ij", index))
            line = VGroup(self.text(f"blame.param{len(index)}", th.TINY, theme.text,
                                    decimals={"i": 0, "j": 0, "g": self.grad_decimals},
                                    param=key, **values, g=g))
            if word is not None:
                line.add(label(self.t("blame.token", word=word), th.TINY, theme.muted))
            entries.add(line.arrange(RIGHT, buff=SPACE.sm))
        entries.arrange(DOWN, aligned_edge=LEFT, buff=SPACE.sm)
        side = VGroup(top_title, entries).arrange(DOWN, aligned_edge=LEFT, buff=SPACE.md)
        self.on_stage(Group(chart, side).arrange(RIGHT, buff=SPACE.xl, aligned_edge=UP),
                      margin=SPACE.xs)
        best = max(range(len(rows)), key=lambda r: rows[r]["share"])
        first_key, first_index, first_g = self.top[0]
        first_word = bp.token_of(self.model, first_key, first_index)
        self.say("blame.say1", n=self.n_params, k=k)
        self.play(FadeIn(head), FadeIn(VGroup(*names)), run_time=PACE.quick)
        self.play(LaggedStart(*(AnimationGroup(FadeIn(s), FadeIn(m))
                                for s, m in zip(strips, maxima)), lag_ratio=self.lag / k),
                  run_time=PACE.slow)
        if first_word is None:
            self.say("blame.say2", decimals=self.grad_decimals, name=first_key, g=first_g)
        else:
            self.say("blame.say2_token", decimals=self.grad_decimals, name=first_key,
                     word=first_word, g=first_g)
        group = bp.group_of(self.model.config, first_key)
        first = next(r for r, row in enumerate(rows) if row["name"] == group)
        mark = SurroundingRectangle(Group(names[first], strips[first], maxima[first]),
                                    color=theme.orange, buff=SPACE.hair)
        self.play(FadeIn(side), Create(mark), run_time=PACE.beat)
        self.say("blame.say3", decimals=self.share_decimals, group=rows[best]["name"],
                 share=PERCENT * rows[best]["share"])
        frame = SurroundingRectangle(VGroup(names[best], shares[best]), color=theme.yellow,
                                     buff=SPACE.hair)
        self.play(FadeIn(shares), Create(frame), run_time=PACE.beat)

    # ------------------------------------------------------------------ 6
    def update(self):
        theme, u = self.theme, self.step_result
        formula = VGroup(label(self.t("update.sgd"), th.SMALL, theme.blue),
                         NumberMathTex(SGD, "update.rule", self.lr_decimals, color=theme.text,
                                       font_size=self.math_size, lr=self.lr))
        formula.arrange(RIGHT, buff=SPACE.lg)
        values = np.array([[self.tracked[n]["value"], self.tracked[n]["grad"],
                            self.tracked[n]["after"]] for n in TRACKED])  # [3, 3]
        cell_w = label("−0.00000", th.SMALL).width + SPACE.xl
        table = NumberMatrix(values, "update.weights", self.update_decimals,
                             col_labels=[self.t("update.col_before"), self.t("update.col_grad"),
                                         self.t("update.col_after")],
                             size=th.SMALL, cell_w=cell_w, cell_h=SPACE.lg + SPACE.sm,
                             brackets=False)
        table.column(2).set_color(theme.green)
        cell_p = max(label(w, th.SMALL).width for w in self.targets) + SPACE.lg
        probs = NumberMatrix(np.stack([self.fwd["p_correct"], self.fwd_after["p_correct"]]),
                             "update.p", self.decimals,
                             row_labels=[self.t("update.p_before"), self.t("update.p_after")],
                             size=th.SMALL, cell_w=cell_p, cell_h=SPACE.lg + SPACE.sm,
                             brackets=False)
        probs.add(column_words(probs, self.targets, th.SMALL))
        probs.grid[1].set_color(theme.green)
        d = self.decimals + 1
        losses = VGroup(self.small("update.loss_before", decimals=d, v=u["before"]),
                        self.small("update.loss_after", theme.green, decimals=d, v=u["after"]),
                        self.tiny("update.estimate", decimals=d, v=u["predicted"]))
        losses.arrange(DOWN, aligned_edge=LEFT, buff=SPACE.sm)
        lower = VGroup(probs, losses).arrange(RIGHT, buff=SPACE.xxl)
        names = self.weight_names(table)
        self.on_stage(VGroup(formula, VGroup(table, names), lower).arrange(DOWN, buff=SPACE.xl),
                      margin=SPACE.xs)
        self.say("update.say1", decimals=self.lr_decimals, lr=self.lr)
        self.play(FadeIn(formula[0]), Write(formula[1]), run_time=PACE.steady)
        self.say("update.say2")
        self.play(FadeIn(names), FadeIn(table.col_labels), FadeIn(table.column(0)),
                  FadeIn(table.column(1)), run_time=PACE.beat)
        self.play(FadeIn(table.column(2)), run_time=PACE.beat)
        self.add(table)
        key = "update.say3" if u["after"] < u["before"] else "update.say3_up"
        self.say(key, decimals=d, before=u["before"], after=u["after"])
        self.play(FadeIn(probs), FadeIn(losses[:2]), run_time=PACE.beat)
        self.say("update.say4", decimals=d, predicted=u["predicted"])
        self.play(FadeIn(losses[2]), run_time=PACE.quick)
