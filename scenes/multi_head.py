"""Multi-head attention on the notes' example 猫 坐 在 垫子 上: d_model cut into heads, the real
attention of every head of the trained model, each head's strongest link, concat and W_O, the
equal cost of h heads of d/h and one full head, and the decoder's masked self-attention.

    manim -pql scenes/multi_head.py MultiHeadAttention
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    DoubleArrow,
    FadeIn,
    FadeOut,
    Group,
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
from scenes.parts.multi_head import (
    CausalMaskGrid,
    ExactZeroHeatmap,
    WeightPanel,
    block_label_above,
    head_dividers,
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
COST_ROWS = ("params_qkv", "params_o", "params", "macs_qkv", "macs_scores", "macs_weighted",
             "macs_o", "macs", "softmax")
TOTALS = ("params", "macs")


class MultiHeadAttention(LectureScene):
    sentence = "猫 坐 在 垫子 上"  # the notes' multi-head example
    layer = 0  # encoder layer whose heads are shown
    dec_layer = 0  # decoder layer whose masked self-attention is shown
    dec_head = 0  # the decoder head shown with its numbers
    full_heads = 1  # the comparison: one head as wide as d_model
    grid_cols = 4  # heatmaps per row in the grids of heads
    decimals = 2

    steps = ("split", "patterns", "links", "roles", "concat", "cost", "mask", "masked_heads")
    _enc_grid = None

    def prepare(self):
        self.model = ref.load_model()
        cfg = self.model.config
        self.d, self.h, self.d_k = cfg.d_model, cfg.n_heads, cfg.d_k
        self.ids = self.model.src_ids(" ".join(self.words))
        self.n = len(self.ids)
        _, self.enc = ref.encode(self.model.params, cfg, self.ids)
        self.attn = self.enc["encoder"][self.layer]["self_attn"]
        self.head_names = [self.t("head", k=str(k + 1)) for k in range(self.h)]
        self.translation, self.dec_inputs, self.dec_weights = self.decoder_pass()

    # ------------------------------------------------------------------ 1
    def split(self):
        n, d, h = self.n, self.d, self.h
        self.say("split.say1", h=h, sentence=" ".join(self.words))
        x = self.enc["encoder"][self.layer]["x"]
        heat_x = Heatmap(x, "split.x", width=3.4, height=1.6).move_to([-4.35, 0.35, 0])
        rows_x = heat_x.label_rows(list(self.words), th.SMALL)
        title_x = self.text("split.x", th.SMALL, n=n, d=d)
        title_x.next_to(heat_x, UP, buff=0.25).align_to(rows_x, LEFT)
        self.play(FadeIn(heat_x), FadeIn(rows_x), FadeIn(title_x), run_time=0.8)
        self.say("split.say2", n=n, d=d)
        p = self.model.params["encoder"][self.layer]["self_attn"]
        maps, arrows, cuts = Group(), VGroup(), VGroup()
        for k, name in enumerate("QKV"):
            key = name.lower()
            proj = x @ p[f"w_{key}"] + p[f"b_{key}"]  # [n, d]
            heat = Heatmap(proj, f"split.{key}", width=6.4, height=1.0)
            heat.move_to([3.55, 1.35 - 1.55 * k, 0])
            name_lab = label(self.t("split.proj", name=name), th.SMALL)
            name_lab.next_to(heat, LEFT, buff=0.25)
            maps.add(Group(heat, name_lab))
            arrows.add(flow_arrow(heat_x.get_right(), name_lab.get_left(), buff=0.15))
            cuts.add(head_dividers(heat, h, self.theme.bg, stroke=4))
        self.play(*(FadeIn(m) for m in maps), *(Create(a) for a in arrows), run_time=1.0)
        self.say("split.say3", d=d, h=h, d_k=self.d_k)
        tags = block_label_above(maps[0][0], h, self.head_names, th.TINY, self.theme.yellow)
        dims = self.text("split.dims", th.BODY, self.theme.yellow, d=d, h=h, d_k=self.d_k)
        dims.move_to([0, -2.75, 0])
        self.play(Create(cuts), FadeIn(tags), FadeIn(dims), run_time=1.0)

    # ------------------------------------------------------------------ 2
    def head_grid(self, weights, name, rows, cols, width, title_size=th.SMALL):
        """The heads' weight tables side by side, each with its tokens and its head name."""
        vmin, vmax = float(weights.min()), float(weights.max())
        panels = Group(*(
            WeightPanel(weights[k], name, rows, cols, width, vmin, vmax,
                        title=label(self.head_names[k], title_size, self.theme.text))
            for k in range(len(weights))))
        panels.arrange_in_grid(cols=self.grid_cols, buff=(0.45, 0.6))
        return panels, (vmin, vmax)

    def encoder_grid(self):
        """The encoder heads' weights, their colour bar and legend: built once, shown by the
        patterns and the links (the same mobjects, so their numbers are recorded once)."""
        if self._enc_grid is None:
            w = self.attn["weights"]  # [h, n, n]
            panels, (vmin, vmax) = self.head_grid(w, "patterns.weights", self.words, self.words,
                                                  width=1.85)
            panels.move_to([-0.45, -0.05, 0])
            bar = ColorBar(vmin, vmax, "patterns.scale", height=3.2, diverging=False,
                           decimals=self.decimals)
            bar.next_to(panels, RIGHT, buff=0.4)
            legend = VGroup(self.text("patterns.layer", th.SMALL, self.theme.yellow,
                                      layer=self.layer + 1),
                            label(self.t("patterns.rows"), th.TINY, self.theme.muted),
                            label(self.t("patterns.cols"), th.TINY, self.theme.muted))
            legend.arrange(RIGHT, buff=0.4).to_corner(UP + RIGHT, buff=0.5)
            self._enc_grid = (panels, bar, legend)
        return self._enc_grid

    def patterns(self):
        w = self.attn["weights"]  # [h, n, n]
        self.say("patterns.say1", layer=self.layer + 1, h=self.h, n=self.n)
        panels, bar, legend = self.encoder_grid()
        self.play(FadeIn(panels), FadeIn(bar), FadeIn(legend), run_time=1.2)
        self.say("patterns.say2", decimals=self.decimals, total=float(w.sum(-1).max()))
        self.say("patterns.say3", h=self.h)

    # ------------------------------------------------------------------ 3
    def links(self):
        panels, bar, legend = self.encoder_grid()
        self.play(FadeIn(panels), FadeIn(bar), FadeIn(legend), run_time=0.6)
        w = self.attn["weights"]
        q, k, s = strongest_links(w)
        self.say("links.say1")
        boxes, tags = VGroup(), VGroup()
        for hd, panel in enumerate(panels):
            boxes.add(panel.outline(q[hd], k[hd], self.theme.red))
            tag = self.text("links.link", th.SMALL, self.theme.text,
                            decimals={"w": self.decimals}, q=self.words[q[hd]],
                            k=self.words[k[hd]], w=float(s[hd]))
            tags.add(tag.next_to(panel.heat, DOWN, buff=0.12))
        self.play(Create(boxes), FadeIn(tags), run_time=1.2)
        best = int(np.argmax(s))
        self.say("links.say2", decimals={"w": self.decimals}, head=best + 1,
                 q=self.words[q[best]], k=self.words[k[best]], w=float(s[best]))
        self.play(boxes[best].animate.set_stroke(self.theme.yellow, width=7),
                  tags[best].animate.set_color(self.theme.yellow), run_time=0.6)

    # ------------------------------------------------------------------ 4
    def roles(self):
        w = self.attn["weights"]
        q, k, s = strongest_links(w)
        read, r = most_read(w)
        dist = mean_distance(w)
        self.say("roles.say1")
        cols_x = (-6.2, -4.6, -0.8, 3.0)  # left edges of the table's columns
        heads = [self.t("roles.col_head"), self.t("roles.col_link"), self.t("roles.col_read"),
                 self.t("roles.col_dist")]
        header = VGroup(*(label(t, th.SMALL, self.theme.muted) for t in heads))
        for x, lab in zip(cols_x, header):
            lab.move_to([x, 2.45, 0], aligned_edge=LEFT)
        self.play(FadeIn(header), run_time=0.5)
        self.say("roles.say2")
        rows = VGroup()
        bar_len = 1.6
        for hd in range(self.h):
            y = 1.85 - 0.6 * hd
            link = self.text("roles.link", th.SMALL, decimals={"w": self.decimals},
                             q=self.words[q[hd]], k=self.words[k[hd]], w=float(s[hd]))
            most = self.text("roles.read", th.SMALL, decimals={"r": self.decimals},
                             k=self.words[read[hd]], r=float(r[hd]))
            far = Num(dist[hd], "roles.dist", self.decimals, th.SMALL)
            bar = VMobject(stroke_width=10, stroke_color=self.theme.blue)
            bar.set_points_as_corners([[0, 0, 0], [bar_len * dist[hd] / dist.max(), 0, 0]])
            row = VGroup(label(self.head_names[hd], th.SMALL), link, most, far, bar)
            for x, part in zip(cols_x, row):
                part.move_to([x, y, 0], aligned_edge=LEFT)
            bar.next_to(far, RIGHT, buff=0.25)
            rows.add(row)
        self.play(FadeIn(rows, lag_ratio=0.1), run_time=1.4)
        far_h, near_h = int(np.argmax(dist)), int(np.argmin(dist))
        self.say("roles.say3", decimals={"far_d": self.decimals, "near_d": self.decimals},
                 far=far_h + 1, far_d=float(dist[far_h]), near=near_h + 1,
                 near_d=float(dist[near_h]))
        self.play(rows[far_h].animate.set_color(self.theme.yellow),
                  rows[near_h].animate.set_color(self.theme.green), run_time=0.6)
        self.say("roles.say4")

    # ------------------------------------------------------------------ 5
    def concat(self):
        n, d, h, d_k = self.n, self.d, self.h, self.d_k
        heads, concat, out = self.attn["heads"], self.attn["concat"], self.attn["out"]
        lim = float(np.abs(heads).max())
        block_w, block_h = 0.8, 1.6
        self.say("concat.say1", n=n, d_k=d_k)
        parts = Group(*(Heatmap(heads[k], "concat.head", width=block_w, height=block_h,
                                vmin=-lim, vmax=lim, as_image=True) for k in range(h)))
        parts.arrange(RIGHT, buff=0.3).move_to([-0.6, 1.55, 0])
        tags = VGroup(*(label(self.head_names[k], th.TINY, self.theme.muted)
                        .next_to(parts[k], UP, buff=0.12) for k in range(h)))
        rows = parts[0].label_rows(list(self.words), th.SMALL)
        title = self.text("concat.head_out", th.SMALL, n=n, d_k=d_k)
        title.next_to(parts, RIGHT, buff=0.35)
        self.play(FadeIn(parts), FadeIn(tags), FadeIn(rows), FadeIn(title), run_time=1.0)
        self.say("concat.say2", h=h, n=n, d=d)
        self.play(FadeOut(tags), FadeOut(title), FadeOut(rows), run_time=0.3)
        self.play(parts.animate.arrange(RIGHT, buff=0).move_to([-0.6, 1.55, 0]), run_time=0.9)
        joined = Heatmap(concat, "concat.concat", width=h * block_w, height=block_h,
                         vmin=-lim, vmax=lim).move_to(parts)
        cuts = head_dividers(joined, h, self.theme.bg, stroke=3)
        rows = joined.label_rows(list(self.words), th.SMALL)
        name = self.text("concat.concat", th.SMALL, n=n, d=d).next_to(joined, RIGHT, buff=0.35)
        self.add(joined)
        self.remove(parts)
        self.play(FadeIn(cuts), FadeIn(rows), FadeIn(name), run_time=0.6)
        self.say("concat.say3", d=d)
        # the product: Concat [n, d] x W_O [d, d] = output [n, d]
        eq_y, small_w = -1.2, 4.0
        self.play(FadeOut(name), FadeOut(rows), run_time=0.3)
        moving = Group(joined, cuts)
        self.play(moving.animate.stretch_to_fit_width(small_w).move_to([-3.9, eq_y, 0]),
                  run_time=1.0)
        # the same numbers, built at the new size (a scaled heatmap keeps its old cell sizes)
        joined = Heatmap(concat, "concat.concat", width=small_w, height=block_h,
                         vmin=-lim, vmax=lim).move_to(moving)
        cuts = head_dividers(joined, h, self.theme.bg, stroke=3)
        self.remove(moving)
        self.add(joined, cuts)
        rows = joined.label_rows(list(self.words), th.SMALL)
        w_o = self.model.params["encoder"][self.layer]["self_attn"]["w_o"]
        heat_o = Heatmap(w_o, "concat.w_o", width=2.3).move_to([0.6, eq_y, 0])
        heat_out = Heatmap(out, "concat.out", width=small_w, height=joined.height)
        heat_out.move_to([4.8, eq_y, 0])
        times = label("×", th.HEADING).move_to([(joined.get_right()[0] + heat_o.get_left()[0]) / 2,
                                                eq_y, 0])
        equals = label("=", th.HEADING).move_to([(heat_o.get_right()[0]
                                                  + heat_out.get_left()[0]) / 2, eq_y, 0])
        names = VGroup(self.text("concat.concat", th.SMALL, n=n, d=d).next_to(joined, DOWN),
                       self.text("concat.w_o", th.SMALL, d=d).next_to(heat_o, DOWN),
                       self.text("concat.out", th.SMALL, n=n, d=d).next_to(heat_out, DOWN))
        names.set_y(heat_o.get_bottom()[1] - 0.3)
        self.play(FadeIn(rows), FadeIn(times), FadeIn(heat_o), FadeIn(equals),
                  FadeIn(heat_out), FadeIn(names), run_time=1.0)
        self.say("concat.say4", n=n, d=d)
        x = self.attn_input()
        heat_x = Heatmap(x, "concat.x", width=small_w, height=joined.height)
        heat_x.move_to([4.8, 1.55, 0])
        name_x = self.text("concat.x", th.SMALL, n=n, d=d).next_to(heat_x, UP, buff=0.15)
        same = DoubleArrow(heat_x.get_bottom(), heat_out.get_top(), buff=0.12,
                           color=self.theme.yellow, stroke_width=4,
                           max_tip_length_to_length_ratio=0.15)
        same_lab = label(self.t("concat.same"), th.SMALL, self.theme.yellow)
        same_lab.next_to(same, LEFT, buff=0.2)
        self.play(FadeIn(heat_x), FadeIn(name_x), Create(same), FadeIn(same_lab), run_time=1.0)

    def attn_input(self):
        """The input X of the encoder layer's attention (its queries, keys and values)."""
        return self.enc["encoder"][self.layer]["x"]

    # ------------------------------------------------------------------ 6
    def cost(self):
        n, d, h, d_k = self.n, self.d, self.h, self.d_k
        split = attention_cost(n, n, d, h)
        full = attention_cost(n, n, d, self.full_heads)
        self.say("cost.say1", h=h, d_k=d_k, d=d, n=n)
        eq_p = NumberMathTex(PARAMS_EQ, "cost.params_eq", decimals=0, font_size=34,
                             h=h, d=d, dk=d_k, p=split["w_proj"])
        eq_s = NumberMathTex(SCORES_EQ, "cost.scores_eq", decimals=0, font_size=34,
                             h=h, n=n, dk=d_k, d=d, m=split["macs_scores"])
        eqs = VGroup()
        for y, key, eq in ((2.55, "cost.eq_params", eq_p), (1.95, "cost.eq_scores", eq_s)):
            cap = label(self.t(key), th.SMALL, self.theme.muted)
            cap.move_to([0, y, 0], aligned_edge=RIGHT)
            eqs.add(VGroup(cap, eq.next_to(cap, RIGHT, buff=0.3)))
        eqs.shift(LEFT * eqs.get_x())
        table = NumberMatrix(np.array([[split[k], full[k]] for k in COST_ROWS], dtype=float),
                             "cost.table", decimals=0,
                             row_labels=[self.t(f"cost.{k}") for k in COST_ROWS],
                             size=th.SMALL, cell_w=2.6, cell_h=0.44, brackets=False)
        table.move_to([0.9, -1.3, 0])
        heads = VGroup(self.text("cost.col_split", th.SMALL, self.theme.blue, h=h, d_k=d_k),
                       self.text("cost.col_full", th.SMALL, self.theme.orange,
                                 one=self.full_heads, d=d))
        for j, head in enumerate(heads):
            head.next_to(table.column(j), UP, buff=0.25)
        marks = VGroup()
        mark_x = table.grid.get_right()[0] + 0.8
        for i, key in enumerate(COST_ROWS):
            same = split[key] == full[key]
            mark = label("=" if same else "≠", th.BODY, self.theme.green if same
                         else self.theme.red)
            marks.add(mark.move_to([mark_x, table.row(i).get_y(), 0]))
            if key in TOTALS:
                table.row(i).set_color(self.theme.yellow)
        self.say("cost.say2", d_k=d_k, h=h, d=d)
        self.play(FadeIn(eqs[0][0]), Write(eq_p), run_time=1.0)
        self.play(FadeIn(heads), FadeIn(table.row_labels[:3]), FadeIn(table.grid[:3]),
                  FadeIn(marks[:3]), run_time=0.8)
        self.say("cost.say3", d_k=d_k, h=h, d=d)
        self.play(FadeIn(eqs[1][0]), Write(eq_s), run_time=1.0)
        self.play(FadeIn(table.row_labels[3:8]), FadeIn(table.grid[3:8]), FadeIn(marks[3:8]),
                  run_time=0.8)
        self.say("cost.say4", split=split["softmax"], full=full["softmax"], macs=split["macs"])
        self.play(FadeIn(table.row_labels[8:]), FadeIn(table.grid[8:]), FadeIn(marks[8:]),
                  run_time=0.6)
        self.add(table)

    # ------------------------------------------------------------------ 7
    def decoder_pass(self):
        """Teacher-forced on the model's own greedy translation -> (inputs, weights [h, m, m])."""
        tokens, _ = ref.greedy_decode(self.model, list(self.words))
        words = [t for t in tokens if t != ref.EOS]
        tgt_in = [ref.BOS_ID] + [self.model.tgt_vocab.index(t) for t in words]
        _, trace = ref.forward(self.model.params, self.model.config, self.ids, tgt_in)
        weights = trace["decoder"][self.dec_layer]["self_attn"]["weights"]
        return words, [ref.BOS] + words, weights

    def mask(self):
        words, inputs, w = self.translation, self.dec_inputs, self.dec_weights
        m = len(inputs)
        self.say("mask.say1")
        self.say("mask.say2", translation=" ".join(words))
        grid = CausalMaskGrid(ref.causal_mask(m), width=3.9).move_to([-3.75, -0.6, 0])
        grid_labels = token_labels(grid, inputs, inputs, th.TINY)
        grid_title = label(self.t("mask.mask"), th.SMALL, self.theme.muted)
        grid_title.next_to(Group(grid, grid_labels), UP, buff=0.2).set_x(grid.get_x())
        self.play(FadeIn(grid), FadeIn(grid_labels), FadeIn(grid_title), run_time=1.0)
        self.say("mask.say3")
        a = w[self.dec_head]
        heat = ExactZeroHeatmap(a, "mask.weights", width=4.6, vmin=float(w.min()),
                                vmax=float(w.max()), decimals=self.decimals, size=th.SMALL)
        heat.move_to([2.95, -0.6, 0])
        heat_labels = token_labels(heat, inputs, inputs, th.TINY)
        heat_title = self.text("mask.weights", th.SMALL, self.theme.muted,
                               layer=self.dec_layer + 1, head=self.dec_head + 1)
        heat_title.next_to(Group(heat, heat_labels), UP, buff=0.2).set_x(heat.get_x())
        arrow = flow_arrow(grid.get_right() + RIGHT * 0.05, heat_labels.get_left() + LEFT * 0.05)
        soft = label("softmax", th.SMALL, self.theme.muted).next_to(arrow, UP, buff=0.1)
        self.play(Create(arrow), FadeIn(soft), run_time=0.5)
        self.play(FadeIn(heat), FadeIn(heat_labels), FadeIn(heat_title), run_time=1.0)
        stairs = staircase(heat, self.theme.yellow)
        zeros = label(self.t("mask.zeros"), th.SMALL, self.theme.yellow)
        zeros.next_to(heat, DOWN, buff=0.2)
        self.play(Create(stairs), FadeIn(zeros), run_time=0.8)
        self.say("mask.say4", decimals={"first": self.decimals}, layer=self.dec_layer + 1,
                 head=self.dec_head + 1, first=float(a[0, 0]))

    # ------------------------------------------------------------------ 8
    def masked_heads(self):
        inputs, w = self.dec_inputs, self.dec_weights
        self.say("masked_heads.say1", h=self.h)
        panels, (vmin, vmax) = self.head_grid(w, "masked_heads.weights", inputs, inputs,
                                              width=1.6)
        panels.move_to([-0.45, -0.3, 0])
        bar = ColorBar(vmin, vmax, "masked_heads.scale", height=3.0, diverging=False,
                       decimals=self.decimals)
        bar.next_to(panels, RIGHT, buff=0.4)
        stairs = VGroup(*(staircase(p.heat, self.theme.yellow, stroke=3) for p in panels))
        self.play(FadeIn(panels), FadeIn(bar), run_time=1.2)
        top = self.text("masked_heads.max", th.SMALL, self.theme.yellow, h=self.h,
                        max=above_diagonal_max(w))
        top.to_corner(UP + RIGHT, buff=0.5)
        self.play(Create(stairs), FadeIn(top), run_time=0.8)
        self.say("masked_heads.say2")


def staircase(heat, colour, stroke: float = 5) -> VMobject:
    """The line just above the diagonal of a square heatmap: the causal mask's edge."""
    n = heat.n_rows
    x0, y0 = heat.get_left()[0], heat.get_top()[1]
    cw, ch = heat.cell_w, heat.cell_h
    pts = []
    for i in range(n):
        pts += [[x0 + (i + 1) * cw, y0 - i * ch, 0], [x0 + (i + 1) * cw, y0 - (i + 1) * ch, 0]]
    return VMobject(stroke_color=colour, stroke_width=stroke).set_points_as_corners(pts)
