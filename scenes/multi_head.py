"""Multi-head attention on the notes' example 猫 坐 在 垫子 上: d_model cut into heads, the real
attention of every head of the trained model, each head's strongest link, concat and W_O, the
equal cost of h heads of d/h and one full head, and the decoder's masked self-attention.

    manim -pql scenes/multi_head.py MultiHeadAttention
"""

from __future__ import annotations

from itertools import accumulate, pairwise

import numpy as np
from manim import (
    DEFAULT_STROKE_WIDTH,
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    DoubleArrow,
    FadeIn,
    FadeOut,
    Group,
    Rectangle,
    VGroup,
    VMobject,
    Write,
)

from scenes import reference as ref
from scenes.kit import (
    ColorBar,
    Heatmap,
    LectureScene,
    Num,
    NumberMathTex,
    NumberMatrix,
    flow_arrow,
    label,
)
from scenes.kit import theme as th
from scenes.kit.theme import PACE, SPACE
from scenes.parts.multi_head import (
    CausalMaskGrid,
    ExactZeroHeatmap,
    WeightPanel,
    block_label_above,
    head_dividers,
    place,
    token_labels,
)
from scenes.reference.multi_head import (
    above_diagonal_max,
    attention_cost,
    mean_distance,
    most_read,
    strongest_links,
)

PARAMS_EQ = (r"<<h>> \times (<<d>> \times <<dk>>) \;=\; <<d>> \times <<d>> \;=\; <<p>>")
SCORES_EQ = (r"<<h>> \times <<n>> \times <<n>> \times <<dk>> \;=\; <<n>> \times <<n>> \times <<d>>"
             r" \;=\; <<m>>")
# the cost table's rows, shown in three goes: parameters, multiply-adds, the softmax
COST_GROUPS = (("params_qkv", "params_o", "params"),
               ("macs_qkv", "macs_scores", "macs_weighted", "macs_o", "macs"),
               ("softmax",))
COST_ROWS = sum(COST_GROUPS, ())
TOTALS = ("params", "macs")

# where every number of the scene comes from (scenes.tools.numbers: the numbers files, the
# player's panel, the handouts); "<record>{key}" is the placeholder key of a text or subtitle
ENCODE = "scenes.reference.encode"  # the sentence through the encoder, traced
LAYER = "trace encoder[layer].self_attn"  # the attention of MultiHeadAttention.layer
HEADS = "scenes.reference.multi_head"
COST = f"{HEADS}.attention_cost"
DECODER = ("scenes.reference.forward: trace decoder[dec_layer].self_attn.weights, teacher-forced "
           "on the model's greedy translation (scenes.reference.greedy_decode)")
ORIGINS = {
    "{n}": "MultiHeadAttention.sentence: its number of words",
    "{d}": "model.config.d_model",
    "{h}": "model.config.n_heads",
    "{d_k}": "model.config.d_k",
    "{dk}": "model.config.d_k",
    "*{layer}": "MultiHeadAttention.layer: counted from 1",
    "split.x": f"{ENCODE}: trace encoder[layer].x, the layer's input",
    "split.?": "model.params: encoder[layer].self_attn, x W_Q + b_Q, x W_K + b_K, x W_V + b_V",
    "patterns.weights": f"{ENCODE}: {LAYER}.weights, every head",
    "patterns.scale.*": f"{ENCODE}: {LAYER}.weights, the smallest and largest",
    "*patterns.say2{total}": f"{ENCODE}: {LAYER}.weights, the largest row sum",
    "*links.link{w}": f"{HEADS}.strongest_links: each head's largest weight between two words",
    "*links.say2{head}": f"{HEADS}.strongest_links: the head (from 1) of the largest link",
    "*links.say2{w}": f"{HEADS}.strongest_links: the largest link of all heads",
    "*roles.link{w}": f"{HEADS}.strongest_links: each head's largest weight between two words",
    "*roles.read{r}": f"{HEADS}.most_read: the mean weight of the key a head reads most",
    "roles.dist": f"{HEADS}.mean_distance: how many positions away each head looks",
    "*roles.say3{far}": f"{HEADS}.mean_distance: the head (from 1) that looks farthest",
    "*roles.say3{far_d}": f"{HEADS}.mean_distance: the largest",
    "*roles.say3{near}": f"{HEADS}.mean_distance: the head (from 1) that looks nearest",
    "*roles.say3{near_d}": f"{HEADS}.mean_distance: the smallest",
    "concat.head": f"{ENCODE}: {LAYER}.heads, every head's output",
    "concat.concat": f"{ENCODE}: {LAYER}.concat",
    "concat.w_o": "model.params: encoder[layer].self_attn.w_o",
    "concat.out": f"{ENCODE}: {LAYER}.out (Concat x W_O + b_O)",
    "concat.x": f"{ENCODE}: trace encoder[layer].x",
    "*cost.params_eq{p}": f"{COST}: w_proj, the weights of one projection",
    "*cost.scores_eq{m}": f"{COST}: macs_scores",
    "*cost.col_full{one}": "MultiHeadAttention.full_heads",
    "*cost.say4{split}": f"{COST}: softmax, the exponentials of h heads",
    "*cost.say4{full}": f"{COST}: softmax, the exponentials of one full head",
    "*cost.say4{macs}": f"{COST}: macs, the multiply-adds of h heads",
    "cost.table": f"{COST}: h heads of d_k (left), MultiHeadAttention.full_heads head of "
                  "d_model (right)",
    "mask.weights": f"{DECODER}, head dec_head",
    "*mask.weights{head}": "MultiHeadAttention.dec_head: counted from 1",
    "*mask.say4{layer}": "MultiHeadAttention.dec_layer: counted from 1",
    "*mask.weights{layer}": "MultiHeadAttention.dec_layer: counted from 1",
    "*mask.say4{head}": "MultiHeadAttention.dec_head: counted from 1",
    "*mask.say4{first}": f"{DECODER}, head dec_head, the first weight",
    "masked_heads.weights": f"{DECODER}, every head",
    "masked_heads.scale.*": f"{DECODER}, the smallest and largest",
    "*masked_heads.max{max}": f"{HEADS}.above_diagonal_max: of the decoder's weights",
}


class MultiHeadAttention(LectureScene):
    sentence = "猫 坐 在 垫子 上"  # the notes' multi-head example
    layer = 0  # encoder layer whose heads are shown
    dec_layer = 0  # decoder layer whose masked self-attention is shown
    dec_head = 0  # the decoder head shown with its numbers
    full_heads = 1  # the comparison: one head as wide as d_model
    grid_cols = 4  # heatmaps per row in the grids of heads
    decimals = 2
    cell_w = 0.2  # width of a column of a [n, d_model] heatmap (and height of its rows)
    row_h = 0.32  # height of a row of a heatmap whose rows carry the tokens
    panel_w = 1.85  # a head's weight table in the grids of heads
    product_w = 4.0  # Concat and the output in the product Concat × W_O
    w_o_side = 2.3  # W_O in that product
    value_cell = 0.65  # a cell that holds a weight with its decimals (the causal mask's too)
    bar_length = 1.6  # the bar of the longest mean distance in the table of roles
    origins = ORIGINS  # where every number comes from (scenes.tools.numbers)
    steps = ("split", "patterns", "links", "roles", "concat", "cost", "mask", "masked_heads")
    def prepare(self):
        self.model = ref.load_model()
        cfg = self.model.config
        self.d, self.h, self.d_k = cfg.d_model, cfg.n_heads, cfg.d_k
        self.ids = self.model.src_ids(" ".join(self.words))
        self.n = len(self.ids)
        _, self.enc = ref.encode(self.model.params, cfg, self.ids)
        self.x = self.enc["encoder"][self.layer]["x"]  # the input of the layer's attention
        self.p = self.model.params["encoder"][self.layer]["self_attn"]
        self.attn = self.enc["encoder"][self.layer]["self_attn"]
        self.head_names = [self.t("head", k=str(k + 1)) for k in range(self.h)]
        self.translation, self.dec_inputs, self.dec_weights = self.decoder_pass()

    def top_right(self, mobject):
        """``mobject`` level with the step's heading, at the frame's right edge."""
        return mobject.to_edge(RIGHT, buff=SPACE.lg).match_y(self._heading)

    # ------------------------------------------------------------------ 1
    def split(self):
        n, d, h, x = self.n, self.d, self.h, self.x
        self.say("split.say1", h=h, sentence=" ".join(self.words))
        heat_x = Heatmap(x, "split.x", width=d * self.cell_w / 2, height=n * self.row_h)
        rows_x = heat_x.label_rows(list(self.words), th.SMALL)
        title_x = self.text("split.x", th.SMALL, n=n, d=d)
        maps = Group()
        for name in "QKV":
            key = name.lower()
            proj = x @ self.p[f"w_{key}"] + self.p[f"b_{key}"]  # [n, d]
            heat = Heatmap(proj, f"split.{key}", width=d * self.cell_w, height=n * self.cell_w)
            name_lab = label(self.t("split.proj", name=name), th.SMALL)
            maps.add(Group(heat, name_lab.next_to(heat, LEFT, buff=SPACE.md)))
        maps.arrange(DOWN, buff=SPACE.xl, aligned_edge=RIGHT)
        dims = self.text("split.dims", th.BODY, self.theme.yellow, d=d, h=h, d_k=self.d_k)
        top = Group(Group(heat_x, rows_x), maps).arrange(RIGHT, buff=SPACE.xxl + SPACE.xl)
        title_x.next_to(heat_x, UP, buff=SPACE.md).align_to(rows_x, LEFT)
        self.on_stage(Group(top, title_x, dims.next_to(top, DOWN, buff=SPACE.xl)))
        arrows = VGroup(*(flow_arrow(heat_x.get_right(), m[1].get_left(), buff=SPACE.sm)
                          for m in maps))
        cuts = VGroup(*(head_dividers(m[0], h, self.theme.bg) for m in maps))
        self.play(FadeIn(heat_x), FadeIn(rows_x), FadeIn(title_x), run_time=PACE.beat)
        self.say("split.say2", n=n, d=d)
        self.play(*(FadeIn(m) for m in maps), *(Create(a) for a in arrows),
                  run_time=PACE.steady)
        self.say("split.say3", d=d, h=h, d_k=self.d_k)
        tags = block_label_above(maps[0][0], h, self.head_names, th.TINY, self.theme.yellow)
        self.play(Create(cuts), FadeIn(tags), FadeIn(dims), run_time=PACE.steady)

    # ------------------------------------------------------------------ 2
    def head_grid(self, weights, name, scale, rows, cols, below=None):
        """The heads' weight tables side by side, each with its tokens and its head name, and
        their colour bar, fitted on the stage with room for ``below(k, panel)`` (a text under
        each table, placed here, shown by the caller) -> (panels, bar, the texts below)."""
        vmin, vmax = float(weights.min()), float(weights.max())
        panels = Group(*(
            WeightPanel(weights[k], name, rows, cols, self.panel_w, vmin, vmax,
                        title=label(self.head_names[k], th.SMALL, self.theme.text))
            for k in range(len(weights))))
        panels.arrange_in_grid(cols=self.grid_cols, buff=(SPACE.lg, SPACE.xl))
        under = VGroup(*(below(k, p).next_to(p.heat, DOWN, buff=SPACE.xs)
                         for k, p in enumerate(panels))) if below else VGroup()
        bar = ColorBar(vmin, vmax, scale, height=panels.height / 2,
                       diverging=False, decimals=self.decimals)
        bar.next_to(panels, RIGHT, buff=SPACE.lg)
        self.on_stage(Group(panels, under, bar))
        return panels, bar, under

    def encoder_grid(self):
        """The encoder heads' weights, their colour bar and legend, built from the prepared data
        for each step that shows them (the patterns and the links)."""
        q, k, s = strongest_links(self.attn["weights"])

        def link(hd, _):
            return self.text("links.link", th.SMALL, self.theme.text,
                             decimals={"w": self.decimals}, q=self.words[q[hd]],
                             k=self.words[k[hd]], w=float(s[hd]))

        panels, bar, tags = self.head_grid(self.attn["weights"], "patterns.weights",
                                           "patterns.scale", self.words, self.words, link)
        legend = VGroup(self.text("patterns.layer", th.SMALL, self.theme.yellow,
                                  layer=self.layer + 1),
                        label(self.t("patterns.rows"), th.TINY, self.theme.muted),
                        label(self.t("patterns.cols"), th.TINY, self.theme.muted))
        self.top_right(legend.arrange(RIGHT, buff=SPACE.lg))
        return panels, bar, legend, tags

    def patterns(self):
        w = self.attn["weights"]  # [h, n, n]
        self.say("patterns.say1", layer=self.layer + 1, h=self.h, n=self.n)
        panels, bar, legend, _ = self.encoder_grid()
        self.play(FadeIn(panels), FadeIn(bar), FadeIn(legend), run_time=PACE.steady)
        self.say("patterns.say2", decimals=self.decimals, total=float(w.sum(-1).max()))
        self.say("patterns.say3", h=self.h)

    # ------------------------------------------------------------------ 3
    def links(self):
        panels, bar, legend, tags = self.encoder_grid()
        self.play(FadeIn(panels), FadeIn(bar), FadeIn(legend), run_time=PACE.quick)
        q, k, s = strongest_links(self.attn["weights"])
        self.say("links.say1")
        boxes = VGroup(*(p.outline(q[hd], k[hd], self.theme.red) for hd, p in enumerate(panels)))
        self.play(Create(boxes), FadeIn(tags), run_time=PACE.steady)
        best = int(np.argmax(s))
        self.say("links.say2", decimals={"w": self.decimals}, head=best + 1,
                 q=self.words[q[best]], k=self.words[k[best]], w=float(s[best]))
        self.play(boxes[best].animate.set_stroke(self.theme.yellow,
                                                 width=2 * DEFAULT_STROKE_WIDTH),
                  tags[best].animate.set_color(self.theme.yellow), run_time=PACE.quick)

    # ------------------------------------------------------------------ 4
    def roles(self):
        w = self.attn["weights"]
        q, k, s = strongest_links(w)
        read, r = most_read(w)
        dist = mean_distance(w)
        self.say("roles.say1")
        header = VGroup(*(label(self.t(f"roles.col_{c}"), th.SMALL, self.theme.muted)
                          for c in ("head", "link", "read", "dist")))
        rows = VGroup()
        for hd in range(self.h):
            link = self.text("roles.link", th.SMALL, decimals={"w": self.decimals},
                             q=self.words[q[hd]], k=self.words[k[hd]], w=float(s[hd]))
            most = self.text("roles.read", th.SMALL, decimals={"r": self.decimals},
                             k=self.words[read[hd]], r=float(r[hd]))
            far = Num(dist[hd], "roles.dist", self.decimals, th.SMALL)
            bar = Rectangle(width=self.bar_length * dist[hd] / dist.max(), height=SPACE.xs,
                            stroke_width=0, fill_color=self.theme.blue, fill_opacity=1)
            rows.add(VGroup(label(self.head_names[hd], th.SMALL), link, most,
                            VGroup(far, bar).arrange(RIGHT, buff=SPACE.md)))
        table = VGroup(*header, *(cell for row in rows for cell in row))
        table.arrange_in_grid(cols=len(header), buff=(SPACE.xl, SPACE.md), col_alignments="llll")
        self.on_stage(table)
        self.play(FadeIn(header), run_time=PACE.flash)
        self.say("roles.say2")
        self.play(FadeIn(rows, lag_ratio=1 / self.h), run_time=PACE.slow)
        far_h, near_h = int(np.argmax(dist)), int(np.argmin(dist))
        self.say("roles.say3", decimals={"far_d": self.decimals, "near_d": self.decimals},
                 far=far_h + 1, far_d=float(dist[far_h]), near=near_h + 1,
                 near_d=float(dist[near_h]))
        self.play(rows[far_h].animate.set_color(self.theme.yellow),
                  rows[near_h].animate.set_color(self.theme.green), run_time=PACE.quick)
        self.say("roles.say4")

    # ------------------------------------------------------------------ 5
    def concat(self):
        n, d, h, d_k = self.n, self.d, self.h, self.d_k
        heads, concat, out = self.attn["heads"], self.attn["concat"], self.attn["out"]
        lim = float(np.abs(heads).max())
        block_h = n * self.row_h
        # the last screen first: Concat × W_O = output, and the input X above the output
        small = Heatmap(concat, "concat.concat", width=self.product_w, height=block_h,
                        vmin=-lim, vmax=lim)
        heat_o = Heatmap(self.p["w_o"], "concat.w_o", width=self.w_o_side)
        heat_out = Heatmap(out, "concat.out", width=self.product_w, height=block_h)
        product = Group(small, label("×", th.HEADING), heat_o, label("=", th.HEADING), heat_out)
        product.arrange(RIGHT, buff=SPACE.lg)
        names = VGroup(self.text("concat.concat", th.SMALL, n=n, d=d),
                       self.text("concat.w_o", th.SMALL, d=d),
                       self.text("concat.out", th.SMALL, n=n, d=d))
        for name, heat in zip(names, product[::2]):
            name.next_to(heat_o, DOWN, buff=SPACE.sm).set_x(heat.get_x())
        heat_x = Heatmap(self.x, "concat.x", width=self.product_w, height=block_h)
        heat_x.next_to(heat_out, UP, buff=SPACE.xxl)
        name_x = self.text("concat.x", th.SMALL, n=n, d=d).next_to(heat_x, UP, buff=SPACE.sm)
        self.on_stage(Group(name_x, heat_x, product, names))

        self.say("concat.say1", n=n, d_k=d_k)
        parts = Group(*(Heatmap(heads[k], "concat.head", width=d_k * self.cell_w,
                                height=block_h, vmin=-lim, vmax=lim, as_image=True)
                        for k in range(h)))
        parts.arrange(RIGHT, buff=SPACE.md).set_y(heat_x.get_y())
        tags = VGroup(*(label(self.head_names[k], th.TINY, self.theme.muted)
                        .next_to(parts[k], UP, buff=SPACE.xs) for k in range(h)))
        rows = parts[0].label_rows(list(self.words), th.SMALL)
        title = self.text("concat.head_out", th.SMALL, n=n, d_k=d_k)
        title.next_to(parts, RIGHT, buff=SPACE.md)
        self.play(FadeIn(parts), FadeIn(tags), FadeIn(rows), FadeIn(title), run_time=PACE.steady)
        self.say("concat.say2", h=h, n=n, d=d)
        self.play(FadeOut(tags), FadeOut(title), FadeOut(rows), run_time=PACE.flash)
        self.play(parts.animate.arrange(RIGHT, buff=0).move_to(parts), run_time=PACE.beat)
        joined = Heatmap(concat, "concat.concat", width=d * self.cell_w, height=block_h,
                         vmin=-lim, vmax=lim).move_to(parts)
        cuts = head_dividers(joined, h, self.theme.bg)
        rows = joined.label_rows(list(self.words), th.SMALL)
        name = self.text("concat.concat", th.SMALL, n=n, d=d)
        name.next_to(joined, RIGHT, buff=SPACE.md)
        self.add(joined)
        self.remove(parts)
        self.play(FadeIn(cuts), FadeIn(rows), FadeIn(name), run_time=PACE.quick)
        self.say("concat.say3", d=d)
        # the product: Concat [n, d] x W_O [d, d] = output [n, d]
        self.play(FadeOut(name), FadeOut(rows), run_time=PACE.flash)
        moving = Group(joined, cuts)
        self.play(moving.animate.stretch_to_fit_width(small.width).move_to(small),
                  run_time=PACE.steady)
        # the same numbers, built at the new size (a scaled heatmap keeps its old cell sizes)
        self.remove(moving)
        self.add(small, head_dividers(small, h, self.theme.bg))
        self.play(FadeIn(small.label_rows(list(self.words), th.SMALL)), FadeIn(product[1:]),
                  FadeIn(names), run_time=PACE.steady)
        self.say("concat.say4", n=n, d=d)
        same = DoubleArrow(heat_x.get_bottom(), heat_out.get_top(), buff=SPACE.xs,
                           color=self.theme.yellow, stroke_width=DEFAULT_STROKE_WIDTH)
        same_lab = label(self.t("concat.same"), th.SMALL, self.theme.yellow)
        same_lab.next_to(same, LEFT, buff=SPACE.sm)
        self.play(FadeIn(heat_x), FadeIn(name_x), Create(same), FadeIn(same_lab),
                  run_time=PACE.steady)

    # ------------------------------------------------------------------ 6
    def cost(self):
        n, d, h, d_k = self.n, self.d, self.h, self.d_k
        split = attention_cost(n, n, d, h)
        full = attention_cost(n, n, d, self.full_heads)
        self.say("cost.say1", h=h, d_k=d_k, d=d, n=n)
        eq_p = NumberMathTex(PARAMS_EQ, "cost.params_eq", decimals=0, font_size=th.HEADING,
                             h=h, d=d, dk=d_k, p=split["w_proj"])
        eq_s = NumberMathTex(SCORES_EQ, "cost.scores_eq", decimals=0, font_size=th.HEADING,
                             h=h, n=n, dk=d_k, d=d, m=split["macs_scores"])
        caps = [label(self.t(key), th.SMALL, self.theme.muted)
                for key in ("cost.eq_params", "cost.eq_scores")]
        eqs = VGroup(caps[0], eq_p, caps[1], eq_s)
        eqs.arrange_in_grid(cols=2, buff=SPACE.md, col_alignments="rl")
        heads = VGroup(self.text("cost.col_split", th.SMALL, self.theme.blue, h=h, d_k=d_k),
                       self.text("cost.col_full", th.SMALL, self.theme.orange,
                                 one=self.full_heads, d=d))
        table = NumberMatrix(np.array([[split[k], full[k]] for k in COST_ROWS], dtype=float),
                             "cost.table", decimals=0,
                             row_labels=[self.t(f"cost.{k}") for k in COST_ROWS],
                             size=th.SMALL, cell_w=max(hd.width for hd in heads) + SPACE.lg,
                             cell_h=SPACE.lg, brackets=False)
        for j, head in enumerate(heads):
            head.next_to(table.column(j), UP, buff=SPACE.md)
        marks = VGroup()
        for i, key in enumerate(COST_ROWS):
            same = split[key] == full[key]
            mark = label("=" if same else "≠", th.BODY, self.theme.green if same
                         else self.theme.red)
            marks.add(mark.next_to(table.grid, RIGHT, buff=SPACE.xl).set_y(table.row(i).get_y()))
            if key in TOTALS:
                table.row(i).set_color(self.theme.yellow)
        screen = VGroup(eqs, VGroup(heads, table, marks)).arrange(DOWN, buff=SPACE.xl)
        self.stage().fit(screen)
        place(screen, self.stage(), UP)
        ends = list(accumulate(len(g) for g in COST_GROUPS))
        rows = [slice(a, b) for a, b in pairwise([0, *ends])]

        def show(group, *extra, run_time=PACE.beat):
            cut = rows[group]
            self.play(*extra, FadeIn(table.row_labels[cut]), FadeIn(table.grid[cut]),
                      FadeIn(marks[cut]), run_time=run_time)

        self.say("cost.say2", d_k=d_k, h=h, d=d)
        self.play(FadeIn(caps[0]), Write(eq_p), run_time=PACE.steady)
        show(0, FadeIn(heads))
        self.say("cost.say3", d_k=d_k, h=h, d=d)
        self.play(FadeIn(caps[1]), Write(eq_s), run_time=PACE.steady)
        show(1)
        self.say("cost.say4", split=split["softmax"], full=full["softmax"], macs=split["macs"])
        show(2, run_time=PACE.quick)
        self.add(table)

    # ------------------------------------------------------------------ 7
    def decoder_pass(self):
        """Teacher-forced on the model's own greedy translation -> (translation, inputs,
        weights [h, m, m])."""
        tokens, _ = ref.greedy_decode(self.model, list(self.words))
        words = [t for t in tokens if t != ref.EOS]
        tgt_in = [ref.BOS_ID] + [self.model.tgt_vocab.index(t) for t in words]
        _, trace = ref.forward(self.model.params, self.model.config, self.ids, tgt_in)
        weights = trace["decoder"][self.dec_layer]["self_attn"]["weights"]
        return words, [ref.BOS] + words, weights

    def mask(self):
        inputs, w = self.dec_inputs, self.dec_weights
        width = len(inputs) * self.value_cell
        self.say("mask.say1")
        self.say("mask.say2", translation=" ".join(self.translation))
        grid = CausalMaskGrid(ref.causal_mask(len(inputs)), width=width)
        grid_labels = token_labels(grid, inputs, inputs, th.TINY)
        grid_title = label(self.t("mask.mask"), th.SMALL, self.theme.muted)
        a = w[self.dec_head]
        heat = ExactZeroHeatmap(a, "mask.weights", width=width, vmin=float(w.min()),
                                vmax=float(w.max()), decimals=self.decimals, size=th.SMALL)
        heat_labels = token_labels(heat, inputs, inputs, th.TINY)
        heat_title = self.text("mask.weights", th.SMALL, self.theme.muted,
                               layer=self.dec_layer + 1, head=self.dec_head + 1)
        zeros = label(self.t("mask.zeros"), th.SMALL, self.theme.yellow)
        left, right = Group(grid, grid_labels), Group(heat, heat_labels)
        Group(left, right).arrange(RIGHT, buff=2 * SPACE.xxl)
        zeros.next_to(heat, DOWN, buff=SPACE.sm)
        grid_title.next_to(left, UP, buff=SPACE.sm).set_x(grid.get_x())
        heat_title.next_to(right, UP, buff=SPACE.sm).set_x(heat.get_x())
        self.on_stage(Group(left, right, grid_title, heat_title, zeros))
        self.play(FadeIn(grid), FadeIn(grid_labels), FadeIn(grid_title), run_time=PACE.steady)
        self.say("mask.say3")
        arrow = flow_arrow(grid.get_right(), heat_labels.get_left(), buff=SPACE.xs)
        soft = label("softmax", th.SMALL, self.theme.muted).next_to(arrow, UP, buff=SPACE.xs)
        self.play(Create(arrow), FadeIn(soft), run_time=PACE.flash)
        self.play(FadeIn(heat), FadeIn(heat_labels), FadeIn(heat_title), run_time=PACE.steady)
        stairs = staircase(heat, self.theme.yellow)
        self.play(Create(stairs), FadeIn(zeros), run_time=PACE.beat)
        self.say("mask.say4", decimals={"first": self.decimals}, layer=self.dec_layer + 1,
                 head=self.dec_head + 1, first=float(a[0, 0]))

    # ------------------------------------------------------------------ 8
    def masked_heads(self):
        inputs, w = self.dec_inputs, self.dec_weights
        self.say("masked_heads.say1", h=self.h)
        panels, bar, _ = self.head_grid(w, "masked_heads.weights", "masked_heads.scale",
                                       inputs, inputs)
        stairs = VGroup(*(staircase(p.heat, self.theme.yellow, DEFAULT_STROKE_WIDTH / 2)
                          for p in panels))
        self.play(FadeIn(panels), FadeIn(bar), run_time=PACE.steady)
        top = self.text("masked_heads.max", th.SMALL, self.theme.yellow, h=self.h,
                        max=above_diagonal_max(w))
        self.play(Create(stairs), FadeIn(self.top_right(top)), run_time=PACE.beat)
        self.say("masked_heads.say2")


def staircase(heat, colour, stroke: float = DEFAULT_STROKE_WIDTH) -> VMobject:
    """The line just above the diagonal of a square heatmap: the causal mask's edge."""
    pts = []
    for i in range(heat.n_rows):
        corner = heat.cell_center(i, i) + np.array([heat.cell_w, heat.cell_h, 0]) / 2
        pts += [corner, corner + DOWN * heat.cell_h]
    return VMobject(stroke_color=colour, stroke_width=stroke).set_points_as_corners(pts)
