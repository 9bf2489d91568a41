"""Generation and the KV cache: why the decoder writes one token at a time; its self-attention
recomputed from scratch at every step against keys and values cached with only the new row
computed; the same next-token distributions both ways (max |difference| shown); the
multiply-adds per step and in total, and the cache's size as it grows, counted from the model's
config; and decoder-only (GPT) against the paper's encoder-decoder, with the tiny model's real
dimensions. Every number is computed by scenes.reference.kv_cache.

    manim -pql scenes/kv_cache.py KVCache
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
    LaggedStart,
    Line,
    MathTex,
    Square,
    SurroundingRectangle,
    VGroup,
)

from scenes import reference as ref
from scenes.kit import LectureScene, Num, NumberMatrix, label, token_boxes
from scenes.kit import theme as th
from scenes.kit.diagram import LayerStack, elbow, up_arrow
from scenes.kit.theme import PACE, SPACE
from scenes.parts.kv_cache import (
    CACHED_FILL,
    FULL_FILL,
    OUTLINE,
    AttentionStep,
    bar_pairs,
    stacked_bars,
)
from scenes.reference import counts
from scenes.reference import kv_cache as kv
from scenes.reference.generation import generation_steps

THIN = 1  # strokes of a swatch's frame and of the divider
# the Add & Norm blocks of a layer: after each of its two (encoder, GPT) or three sublayers
TWO_NORMS, THREE_NORMS = (1, 3), (1, 3, 5)
# multiply-adds of step t (t tokens so far), summed over the N decoder layers
NO_CACHE = (r"N\,(4td^2 + 2t^2d + 2td^2 + 2n_{\text{src}}d^2 + 2tn_{\text{src}}d"
            r" + 2td\,d_{ff}) + tdV")
CACHE = (r"N\,(4d^2 + 2td + 2d^2 + 2n_{\text{src}}d + 2d\,d_{ff}) + dV"
         r"\quad(t = 1:\ +\,2Nn_{\text{src}}d^2)")

# where every number of the scene comes from (scenes.tools.numbers: the numbers files, the
# player's panel, the handouts); "<record>{key}" is the placeholder key of a text or subtitle
KV = "scenes.reference.kv_cache"
FULL = "scenes.reference.generation.generation_steps"  # greedy decoding, recomputed each step
ORIGINS = {
    "*sequential.step{t}": f"{FULL}: the step, counted from 1",
    "*{n}": f"{FULL}: the number of decoding steps",
    "*{rows}": f"{FULL}: the decoder positions computed without a cache, 1 + 2 + ... + n",
    "*{diff}": f"{KV}.cache_rows_unchanged: max |difference| of the cached K, V rows computed "
               "again",
    "same.step": f"{FULL}: the step, counted from 1",
    "same.p_full": f"{FULL}: the chosen token's probability, recomputing everything",
    "same.p_cached": f"{KV}.cached_generation: the chosen token's probability, with the cache",
    "same.diff": f"{KV}.max_differences: max |p_full - p_cached| of each step",
    "*same.*{diff}": f"{KV}.max_differences: the largest over the steps",
    "*same.say2{v}": "model.tgt_vocab: its size",
    "*cost.*{d}": "model.config.d_model",
    "*cost.*{dff}": "model.config.d_ff",
    "*cost.*{n}": "model.config.n_decoder_layers",
    "*cost.*{src}": "settings.sentence: its number of words (n_src)",
    "*cost.*{v}": "model.tgt_vocab: its size",
    "cost.step": f"{FULL}: the step, counted from 1",
    "cost.macs": f"{KV}.generation_macs: full and cached, the multiply-adds of each step",
    "*cost.say3{steps}": f"{FULL}: the number of decoding steps",
    "*cost.say3{full}": f"{KV}.generation_macs: full_total",
    "*cost.say3{cached}": f"{KV}.generation_macs: cached_total",
    "*cost.total_full{v}": f"{KV}.generation_macs: full_total",
    "*cost.total_cached{v}": f"{KV}.generation_macs: cached_total",
    "*cost.*{ratio}": f"{KV}.generation_macs: full_total over cached_total",
    "*cost.encoder{v}": f"{KV}.encoder_macs: the encoder's multiply-adds, once",
    "*memory.*{n}": "model.config.n_decoder_layers",
    "*memory.*{d}": "model.config.d_model",
    "*memory.*{per}": f"{KV}.cache_size: self at step 1 without a source, 2 N d a token",
    "memory.step": f"{FULL}: the step, counted from 1",
    "*memory.say2{cross}": f"{KV}.cache_size: cross, the memory's K and V",
    "*memory.say3{steps}": f"{FULL}: the number of decoding steps",
    "*memory.say3{total}": f"{KV}.cache_size: total after the last step",
    "memory.total": f"{KV}.cache_size: total after each step",
    "*gpt.dims{d}": "model.config.d_model",
    "*gpt.dims{h}": "model.config.n_heads",
    "*gpt.dims{dk}": "model.config.d_k",
    "*gpt.dims{dff}": "model.config.d_ff",
    "*gpt.times{n}": "model.config.n_encoder_layers: then n_decoder_layers",
    "*gpt.source{v}": "model.src_vocab: its size",
    "*gpt.target{v}": "model.tgt_vocab: its size",
    "*gpt.params{p}": "scenes.reference.counts.encoder_layer_counts: total (the encoder's and "
                      "the GPT block's), decoder_layer_counts: total (the decoder's)",
    "*gpt.say3{enc}": "scenes.reference.counts.encoder_layer_counts: total",
    "*gpt.say3{dec}": "scenes.reference.counts.decoder_layer_counts: total",
    "*gpt.say3{gpt}": "scenes.reference.counts.encoder_layer_counts: total (a GPT block has the "
                      "same sublayers)",
}


class KVCache(LectureScene):
    max_steps = 10  # greedy decoding stops here if the model never says <eos>
    decimals = 3  # probabilities
    ratio_decimals = 2
    cell = 0.45  # a cell of the attention pictures at most (smaller when many steps)
    bar_height = 2.2  # the tallest bar
    bar_width = 0.22
    layer_width = 2.2  # a layer's blocks in the GPT picture
    block_h = 0.36
    math_size = 28
    lag = 0.3
    origins = ORIGINS  # where every number comes from (scenes.tools.numbers)

    steps = ("sequential", "recompute", "cache", "same", "cost", "memory", "gpt")

    def prepare(self):
        self.model = model = ref.load_model()
        self.vocab, cfg = model.tgt_vocab, model.config
        self.full = generation_steps(model, list(self.words), self.max_steps)
        self.cached = kv.cached_generation(model, list(self.words), self.max_steps)
        self.diffs = kv.max_differences(self.full, self.cached)
        self.n = n = len(self.full)
        last = self.full[-1]
        self.unchanged = kv.cache_rows_unchanged(model, list(self.words),
                                                 last["input"] + [last["chosen"]])
        self.n_src, self.v = len(self.words), len(self.vocab)
        self.macs = kv.generation_macs(cfg, n, self.n_src, self.v)
        self.encoder = kv.encoder_macs(cfg, self.n_src)
        self.sizes = [kv.cache_size(cfg, t, self.n_src) for t in range(1, n + 1)]
        self.layers = (counts.encoder_layer_counts(cfg)["total"],
                       counts.decoder_layer_counts(cfg)["total"])

    # ------------------------------------------------------------------ helpers
    def words_of(self, ids):
        return [self.vocab[i] for i in ids]

    def legend(self, items) -> VGroup:
        """(colour, fill opacity or None for an outline, text) -> swatches with their texts."""
        rows = VGroup()
        for colour, fill, text in items:
            swatch = Square(self.cell, stroke_color=colour if fill is None else self.theme.grid,
                            stroke_width=OUTLINE if fill is None else THIN, fill_color=colour,
                            fill_opacity=fill or 0)
            rows.add(VGroup(swatch, label(text, th.TINY, self.theme.muted))
                     .arrange(RIGHT, buff=SPACE.sm))
        return rows.arrange(RIGHT, buff=SPACE.xl)

    def staircase(self, cached: bool) -> VGroup:
        """One AttentionStep per decoding step, left to right, each with its step below, and
        the parts of the last one named."""
        theme = self.theme
        # q, the scores and v side by side: t + 2 cells wide at step t, then the gaps
        gaps = (self.n - 1) * SPACE.lg + self.n * 2 * SPACE.xs + 2 * SPACE.xl
        cells = sum(t + 2 for t in range(1, self.n + 1))
        cell = min(self.cell, (self.stage().width - gaps) / cells)
        blocks = VGroup(*(AttentionStep(t, cached, cell, theme.orange, theme.green,
                                        theme.muted) for t in range(1, self.n + 1)))
        blocks.arrange(RIGHT, buff=SPACE.lg, aligned_edge=UP)
        steps = VGroup(*(self.text("sequential.step", th.TINY, theme.muted, t=t + 1)
                         .next_to(b, DOWN, buff=SPACE.sm) for t, b in enumerate(blocks)))
        bottom = min(s.get_bottom()[1] for s in steps)
        for s in steps:
            s.shift(DOWN * (s.get_bottom()[1] - bottom))
        last = blocks[-1]
        names = VGroup(label("q", th.TINY, theme.muted).next_to(last.q, UP, buff=SPACE.sm),
                       label(self.t("recompute.k"), th.TINY, theme.muted)
                       .next_to(last.k, LEFT, buff=SPACE.sm),
                       label(self.t("recompute.v"), th.TINY, theme.muted)
                       .next_to(last.v, UP, buff=SPACE.sm))
        names[0].align_to(last.k, DOWN)
        names[2].align_to(last.k, DOWN)
        names[1].next_to(last.k, UP, buff=SPACE.sm)
        group = VGroup(blocks, steps, names)
        group.blocks, group.steps, group.names = blocks, steps, names
        return group

    # ------------------------------------------------------------------ 1
    def sequential(self):
        theme = self.theme
        rows = VGroup()
        for t, s in enumerate(self.full):
            step = self.text("sequential.step", th.BODY, theme.muted, t=t + 1)
            inputs = token_boxes(self.words_of(s["input"]), theme.blue, th.BODY, SPACE.xs)
            if t:  # the token chosen one step before: an input now
                inputs[-1][0].set_stroke(theme.green)
            chosen = token_boxes([self.vocab[s["chosen"]]], theme.green, th.BODY)
            rows.add(VGroup(step, inputs, chosen))
        pitch = max(r[1].height for r in rows) + SPACE.sm
        step_w = max(r[0].width for r in rows)
        input_w = max(r[1].width for r in rows)
        for k, (step, inputs, chosen) in enumerate(rows):
            y = -k * pitch
            step.move_to([0, y, 0], aligned_edge=LEFT)
            inputs.move_to([step_w + SPACE.lg, y, 0], aligned_edge=LEFT)
            chosen.move_to([step_w + input_w + SPACE.lg + SPACE.xxl, y, 0], aligned_edge=LEFT)
        arrows = VGroup(*(up_arrow(r[1].get_right() + RIGHT * SPACE.sm,
                                   r[2].get_left() + LEFT * SPACE.sm, theme.muted)
                          for r in rows))
        heads = VGroup(label(self.t("sequential.input"), th.SMALL, theme.muted, weight="BOLD")
                       .next_to(rows[0][1], UP, buff=SPACE.sm).align_to(rows[0][1], LEFT),
                       label(self.t("sequential.chosen"), th.SMALL, theme.muted, weight="BOLD")
                       .next_to(rows[0][2], UP, buff=SPACE.sm).align_to(rows[0][2], LEFT))
        self.on_stage(VGroup(heads, rows, arrows), margin=SPACE.xs)
        self.say("sequential.say1", src=" ".join(self.words))
        self.play(FadeIn(heads), FadeIn(rows[0]), Create(arrows[0]), run_time=PACE.beat)
        self.say("sequential.say2", n=self.n)
        for row, arrow in zip(rows[1:], arrows[1:]):
            self.play(FadeIn(row), Create(arrow), run_time=PACE.quick)
        self.say("sequential.say3")

    # ------------------------------------------------------------------ 2
    def recompute(self):
        theme = self.theme
        stair = self.staircase(cached=False)
        legend = self.legend([(theme.orange, FULL_FILL, self.t("recompute.legend_now")),
                              (theme.yellow, None, self.t("recompute.legend_used"))])
        rows = self.macs_rows()
        count = self.text("recompute.rows", th.SMALL, theme.orange, rows=rows, n=self.n)
        self.on_stage(VGroup(stair, legend, count).arrange(DOWN, buff=SPACE.xl), margin=SPACE.xs)
        self.say("recompute.say1")
        self.play(FadeIn(legend[0]), FadeIn(stair.names),
                  LaggedStart(*(FadeIn(VGroup(b.q, b.k, b.scores, b.v, s))
                                for b, s in zip(stair.blocks, stair.steps)),
                              lag_ratio=self.lag), run_time=PACE.long)
        self.say("recompute.say2")
        self.play(FadeIn(legend[1]), *(Create(b.last_row) for b in stair.blocks),
                  run_time=PACE.beat)
        self.say("recompute.say3", n=self.n, rows=rows)
        self.play(FadeIn(count), run_time=PACE.quick)

    def macs_rows(self) -> int:
        """Positions the decoder computes without a cache: 1 + 2 + ... + n."""
        return sum(len(s["input"]) for s in self.full)

    # ------------------------------------------------------------------ 3
    def cache(self):
        theme = self.theme
        stair = self.staircase(cached=True)
        legend = self.legend([(theme.green, FULL_FILL, self.t("cache.legend_new")),
                              (theme.muted, CACHED_FILL, self.t("cache.legend_cached")),
                              (theme.yellow, None, self.t("recompute.legend_used"))])
        count = self.text("cache.rows", th.SMALL, theme.green, n=self.n)
        same = self.text("cache.unchanged", th.SMALL, theme.yellow, decimals=None,
                         diff=self.unchanged)
        notes = VGroup(count, same).arrange(DOWN, buff=SPACE.sm)
        self.on_stage(VGroup(stair, legend, notes).arrange(DOWN, buff=SPACE.xl), margin=SPACE.xs)
        self.say("cache.say1")
        self.play(FadeIn(legend[:2]), FadeIn(stair.names),
                  LaggedStart(*(FadeIn(VGroup(b.q, b.k, b.scores, b.v, s))
                                for b, s in zip(stair.blocks, stair.steps)),
                              lag_ratio=self.lag), run_time=PACE.long)
        self.say("cache.say2")
        self.play(FadeIn(legend[2]), *(Create(b.last_row) for b in stair.blocks),
                  FadeIn(count), run_time=PACE.beat)
        self.say("cache.say3", decimals=None, diff=self.unchanged)
        self.play(FadeIn(same), run_time=PACE.quick)

    # ------------------------------------------------------------------ 4
    def same(self):
        theme = self.theme
        rows = VGroup()
        for t, (a, b, diff) in enumerate(zip(self.full, self.cached, self.diffs)):
            cells = [Num(t + 1, "same.step", 0, size=th.BODY, color=theme.muted)]
            for s, name, colour in ((a, "same.p_full", theme.orange),
                                    (b, "same.p_cached", theme.green)):
                word = label(self.vocab[s["chosen"]], th.BODY, colour)
                p = Num(float(s["dist"][s["chosen"]]), name, self.decimals, size=th.BODY)
                cells.append(VGroup(word, p).arrange(RIGHT, buff=SPACE.sm))
            cells.append(Num(float(diff), "same.diff", None, size=th.BODY, color=theme.yellow))
            rows.add(VGroup(*cells))
        heads = VGroup(*(label(self.t(f"same.{k}"), th.SMALL, theme.muted, weight="BOLD")
                         for k in ("col_step", "col_full", "col_cached", "col_diff")))
        widths = [max(m.width for m in [h, *(r[c] for r in rows)])
                  for c, h in enumerate(heads)]
        xs = np.concatenate([[0], np.cumsum(np.array(widths) + SPACE.xl)])
        pitch = max(r.height for r in rows) + SPACE.sm
        for c, h in enumerate(heads):
            h.move_to([xs[c], 0, 0], aligned_edge=LEFT)
        for k, row in enumerate(rows):
            for c, cell in enumerate(row):
                cell.move_to([xs[c], -(k + 1) * pitch, 0], aligned_edge=LEFT)
        summary = self.text("same.max", th.BODY, theme.yellow, decimals=None,
                            diff=float(self.diffs.max()))
        self.on_stage(VGroup(VGroup(heads, rows), summary).arrange(DOWN, buff=SPACE.xl),
                      margin=SPACE.xs)
        self.say("same.say1")
        self.play(FadeIn(heads), LaggedStart(*(FadeIn(r[:-1]) for r in rows),
                                              lag_ratio=self.lag), run_time=PACE.slow)
        self.say("same.say2", decimals=None, v=self.v, diff=float(self.diffs.max()))
        self.play(FadeIn(VGroup(*(r[-1] for r in rows))), FadeIn(summary), run_time=PACE.beat)

    # ------------------------------------------------------------------ 5
    def cost(self):
        theme, m, cfg = self.theme, self.macs, self.model.config
        config = self.text("cost.config", th.SMALL, theme.muted, d=cfg.d_model, dff=cfg.d_ff,
                           n=cfg.n_decoder_layers, src=self.n_src, v=self.v)
        formulas = VGroup()
        for key, tex, colour in (("full", NO_CACHE, theme.orange),
                                 ("cached", CACHE, theme.green)):
            formulas.add(VGroup(label(self.t(f"cost.{key}"), th.SMALL, colour),
                                MathTex(tex, font_size=self.math_size, color=theme.text))
                         .arrange(RIGHT, buff=SPACE.md))
        formulas.arrange(DOWN, aligned_edge=LEFT, buff=SPACE.sm)
        x = max(f[0].get_right()[0] for f in formulas) + SPACE.md  # the formulas in one column
        for f in formulas:
            f[1].shift(RIGHT * (x - f[1].get_left()[0]))
        values = np.stack([m["full"], m["cached"]])  # [2, n]
        table = NumberMatrix(values, "cost.macs", 0, size=th.TINY, brackets=False,
                             cell_w=label(f"{int(values.max())}", th.TINY).width + SPACE.md,
                             cell_h=SPACE.md + SPACE.xs,
                             row_labels=[self.t("cost.full"), self.t("cost.cached")])
        table.grid[0].set_color(theme.orange)
        table.grid[1].set_color(theme.green)
        pitch = table.grid[0][1].get_x() - table.grid[0][0].get_x() if self.n > 1 else \
            table.grid.width + SPACE.md
        bars = bar_pairs(m["full"], m["cached"], self.bar_height, self.bar_width,
                         [theme.orange, theme.green], buff=pitch - 2 * self.bar_width)
        for pair, cell in zip(bars, table.grid[0]):
            pair.set_x(cell.get_x())
        bars.next_to(table, UP, buff=SPACE.md, coor_mask=[0, 1, 0])
        steps = VGroup(*(Num(t + 1, "cost.step", 0, size=th.TINY, color=theme.muted)
                         .next_to(pair, DOWN, buff=SPACE.xs) for t, pair in enumerate(bars)))
        table.next_to(steps, DOWN, buff=SPACE.sm, coor_mask=[0, 1, 0])
        ratio = m["full_total"] / m["cached_total"]
        totals = VGroup(
            self.text("cost.total_full", th.SMALL, theme.orange, v=m["full_total"]),
            self.text("cost.total_cached", th.SMALL, theme.green, v=m["cached_total"]),
            self.text("cost.ratio", th.SMALL, theme.yellow, decimals=self.ratio_decimals,
                      ratio=ratio))
        for total, row in zip(totals, table.grid):
            total.next_to(table.grid, RIGHT, buff=SPACE.xl).set_y(row.get_y())
        totals[2].next_to(totals[1], DOWN, buff=SPACE.sm, aligned_edge=LEFT)
        encoder = self.text("cost.encoder", th.TINY, theme.muted, v=self.encoder)
        chart = VGroup(bars, steps, table, totals)
        self.on_stage(VGroup(VGroup(config, formulas).arrange(DOWN, buff=SPACE.md), chart,
                             encoder).arrange(DOWN, buff=SPACE.lg), margin=SPACE.xs)
        self.say("cost.say1", d=cfg.d_model, dff=cfg.d_ff, n=cfg.n_decoder_layers,
                 src=self.n_src, v=self.v)
        self.play(FadeIn(config), FadeIn(formulas), run_time=PACE.beat)
        self.say("cost.say2")
        self.play(LaggedStart(*(FadeIn(p) for p in bars), lag_ratio=self.lag), FadeIn(steps),
                  FadeIn(table), run_time=PACE.slow)
        self.say("cost.say3", decimals={"ratio": self.ratio_decimals}, steps=self.n,
                 full=m["full_total"], cached=m["cached_total"], ratio=ratio)
        self.play(FadeIn(totals), FadeIn(encoder), run_time=PACE.beat)

    # ------------------------------------------------------------------ 6
    def memory(self):
        theme, cfg = self.theme, self.model.config
        own = [s["self"] for s in self.sizes]
        cross = [s["cross"] for s in self.sizes]
        total = np.array([s["total"] for s in self.sizes], dtype=float)
        per = kv.cache_size(cfg, 1, 0)["self"]
        table = NumberMatrix(total, "memory.total", 0, size=th.TINY, brackets=False,
                             cell_w=label(f"{int(total.max())}", th.TINY).width + SPACE.md,
                             row_labels=[self.t("memory.numbers")])
        pitch = (table.grid[0][1].get_x() - table.grid[0][0].get_x() if self.n > 1
                 else table.grid.width + SPACE.md)
        width = 2 * self.bar_width
        bars = stacked_bars(cross, own, self.bar_height, width, [theme.blue, theme.green],
                            buff=pitch - width)
        for bar, cell in zip(bars, table.grid[0]):
            bar.set_x(cell.get_x())
        steps = VGroup(*(Num(t + 1, "memory.step", 0, size=th.TINY, color=theme.muted)
                         .next_to(bar, DOWN, buff=SPACE.xs) for t, bar in enumerate(bars)))
        table.next_to(steps, DOWN, buff=SPACE.sm, coor_mask=[0, 1, 0])
        legend = self.legend([(theme.green, FULL_FILL, self.t("memory.self")),
                              (theme.blue, FULL_FILL, self.t("memory.cross"))])
        formula = self.text("memory.formula", th.SMALL, theme.green, per=per)
        self.on_stage(VGroup(VGroup(legend, formula).arrange(DOWN, buff=SPACE.md),
                             VGroup(bars, steps, table)).arrange(DOWN, buff=SPACE.xl), margin=SPACE.xs)
        self.say("memory.say1", n=cfg.n_decoder_layers, d=cfg.d_model, per=per)
        self.play(FadeIn(legend[0]), FadeIn(formula),
                  LaggedStart(*(FadeIn(b[1]) for b in bars), lag_ratio=self.lag),
                  FadeIn(steps), run_time=PACE.slow)
        self.say("memory.say2", cross=cross[0])
        self.play(FadeIn(legend[1]), FadeIn(VGroup(*(b[0] for b in bars))), run_time=PACE.beat)
        self.say("memory.say3", steps=self.n, total=int(total[-1]))
        self.play(FadeIn(table), run_time=PACE.quick)

    # ------------------------------------------------------------------ 7
    def gpt(self):
        theme, cfg = self.theme, self.model.config
        t = {k: self.t(f"gpt.{k}") for k in ("self_attention", "masked_attention",
                                             "cross_attention", "add_norm", "feed_forward")}
        attn, norm, ffn = theme.orange, theme.yellow, theme.blue
        kw = {"width": self.layer_width, "block_h": self.block_h, "size": th.TINY}
        enc = LayerStack([(t["self_attention"], attn), (t["add_norm"], norm),
                          (t["feed_forward"], ffn), (t["add_norm"], norm)], TWO_NORMS, LEFT, **kw)
        dec = LayerStack([(t["masked_attention"], attn), (t["add_norm"], norm),
                          (t["cross_attention"], attn), (t["add_norm"], norm),
                          (t["feed_forward"], ffn), (t["add_norm"], norm)], THREE_NORMS, RIGHT,
                         **kw)
        gpt = LayerStack([(t["masked_attention"], attn), (t["add_norm"], norm),
                          (t["feed_forward"], ffn), (t["add_norm"], norm)], TWO_NORMS, RIGHT, **kw)
        dec.next_to(enc, RIGHT, buff=SPACE.xxl, aligned_edge=DOWN)
        enc_n = self.text("gpt.times", th.SMALL, n=cfg.n_encoder_layers)
        dec_n = self.text("gpt.times", th.SMALL, n=cfg.n_decoder_layers)
        enc.attach_repeat(enc_n, LEFT)
        dec.attach_repeat(dec_n, RIGHT)
        cross = dec.blocks[2].get_left()
        lift = enc.exit + UP * SPACE.md
        x_mid = (enc.frame.get_right()[0] + dec.frame.get_left()[0]) / 2
        memory = elbow([enc.exit, lift, [x_mid, lift[1], 0], [x_mid, cross[1], 0], cross],
                       theme.text)
        src = self.text("gpt.source", th.TINY, theme.muted, v=len(self.model.src_vocab))
        tgt = self.text("gpt.target", th.TINY, theme.muted, v=self.v)
        src.next_to(enc.frame, DOWN, buff=SPACE.lg)
        tgt.next_to(dec.frame, DOWN, buff=SPACE.lg)
        out = label(self.t("gpt.next"), th.TINY, theme.muted).next_to(dec.frame, UP,
                                                                         buff=SPACE.lg)
        arrows = VGroup(up_arrow(src.get_top(), enc.entry), up_arrow(tgt.get_top(), dec.entry),
                        up_arrow(dec.exit, out.get_bottom()))
        names = VGroup(label(self.t("gpt.encoder"), th.SMALL, theme.muted, weight="BOLD")
                       .next_to(enc_n, UP, buff=SPACE.sm),
                       label(self.t("gpt.decoder"), th.SMALL, theme.muted, weight="BOLD")
                       .next_to(dec_n, UP, buff=SPACE.sm))
        params = VGroup(self.text("gpt.params", th.TINY, theme.text, p=self.layers[0])
                        .next_to(enc_n, DOWN, buff=SPACE.sm).align_to(enc_n, RIGHT),
                        self.text("gpt.params", th.TINY, theme.text, p=self.layers[1])
                        .next_to(dec_n, DOWN, buff=SPACE.sm).align_to(dec_n, LEFT))
        paper = VGroup(enc, dec, enc_n, dec_n, memory, src, tgt, out, arrows, names, params)
        gpt_n = self.text("gpt.times", th.SMALL, n=cfg.n_decoder_layers)
        gpt.attach_repeat(gpt_n, RIGHT)
        prompt = self.text("gpt.prompt", th.TINY, theme.muted).next_to(gpt.frame, DOWN,
                                                                        buff=SPACE.lg)
        gpt_out = label(self.t("gpt.next"), th.TINY, theme.muted).next_to(gpt.frame, UP,
                                                                             buff=SPACE.lg)
        gpt_arrows = VGroup(up_arrow(prompt.get_top(), gpt.entry),
                            up_arrow(gpt.exit, gpt_out.get_bottom()))
        gpt_name = label(self.t("gpt.block"), th.SMALL, theme.muted, weight="BOLD")
        gpt_name.next_to(gpt_n, UP, buff=SPACE.sm)
        gpt_params = self.text("gpt.params", th.TINY, theme.text, p=self.layers[0])
        gpt_params.next_to(gpt_n, DOWN, buff=SPACE.sm).align_to(gpt_n, LEFT)
        decoder_only = VGroup(gpt, gpt_n, prompt, gpt_out, gpt_arrows, gpt_name, gpt_params)
        titles = VGroup(label(self.t("gpt.paper"), th.SMALL, theme.blue, weight="BOLD"),
                        label(self.t("gpt.decoder_only"), th.SMALL, theme.green, weight="BOLD"))
        cache_notes = VGroup(label(self.t("gpt.cache_paper"), th.TINY, theme.yellow),
                             label(self.t("gpt.cache_gpt"), th.TINY, theme.yellow))
        sides = VGroup()
        for title, body, note in zip(titles, (paper, decoder_only), cache_notes):
            if note.width > body.width + SPACE.xxl:
                note.scale_to_fit_width(body.width + SPACE.xxl)
            sides.add(VGroup(title, body, note).arrange(DOWN, buff=SPACE.md))
        sides.arrange(RIGHT, buff=SPACE.xxl, aligned_edge=DOWN)
        titles[1].set_y(titles[0].get_y())
        divider = Line(sides.get_top(), sides.get_bottom(), stroke_width=THIN, color=theme.grid)
        divider.set_x((sides[0].get_right()[0] + sides[1].get_left()[0]) / 2)
        dims = self.text("gpt.dims", th.SMALL, theme.text, d=cfg.d_model, h=cfg.n_heads,
                         dk=cfg.d_k, dff=cfg.d_ff)
        self.on_stage(VGroup(dims, VGroup(sides, divider)).arrange(DOWN, buff=SPACE.md))
        self.say("gpt.say1")
        self.play(FadeIn(dims), FadeIn(titles[0]), FadeIn(paper), run_time=PACE.steady)
        self.say("gpt.say2")
        self.play(Create(divider), FadeIn(titles[1]), FadeIn(decoder_only), run_time=PACE.steady)
        self.say("gpt.say3", enc=self.layers[0], dec=self.layers[1], gpt=self.layers[0])
        frames = VGroup(*(SurroundingRectangle(n, color=theme.yellow, buff=SPACE.xs)
                          for n in cache_notes))
        self.play(FadeIn(cache_notes), Create(frames), run_time=PACE.beat)

