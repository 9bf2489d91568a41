"""The architecture: the encoder-decoder diagram of the paper, then a real pass of the example
sentence through the trained model (the shape at every stage, the encoder output as the keys
and values of cross-attention, the first step's output distribution), then the parameter
count of every block for the tiny model and for the paper's base model. Every number is computed.

    manim -pql scenes/architecture.py Architecture
"""

from __future__ import annotations

from dataclasses import fields
from itertools import pairwise

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    FadeIn,
    FadeOut,
    Group,
    Indicate,
    Line,
    Rectangle,
    ReplacementTransform,
    SurroundingRectangle,
    Transform,
    VGroup,
)

from scenes import reference as ref
from scenes import strings
from scenes.kit import (
    Heatmap,
    LectureScene,
    Num,
    NumberMatrix,
    NumberText,
    label,
    token_boxes,
)
from scenes.kit import theme as th
from scenes.kit.diagram import DiagramText, TransformerDiagram, up_arrow
from scenes.reference import counts


class Architecture(LectureScene):
    bottom = -3.45  # lowest y used: below it the players draw their subtitles
    overview_scale = 0.95  # the whole diagram, fitted between the bottom and the frame's top
    zoom = 1.2  # scale of the encoder column in the encoder pass (relative to the overview)
    encoder_right = 0.6  # x of the zoomed encoder frame's right edge (shape tags to its right)
    decoder_scale = 0.9  # the decoder column in the decoder pass (clear of the heading)
    decoder_right = 2.4  # x of the decoder frame's right edge in the decoder pass
    tag_buff = 0.35  # gap between a block and its shape tag
    cross_layer = -1  # decoder layer whose cross-attention weights are shown (the last)
    weight_decimals = 2
    top_k = 5  # tokens of the output distribution shown
    prob_decimals = 3
    bar_width = 5.5  # width of a bar of probability 1
    max_width, max_height = 13.0, 6.0  # room for a row / a column of words
    million_from = 100_000  # counts from here on are shown in millions
    million_decimals = 2
    _figure: TransformerDiagram | None = None

    steps = ("overview", "encoder", "decoder", "cross", "output", "params")

    def prepare(self):
        self.model = ref.load_model()
        self.config = self.model.config
        self.src_ids = self.model.src_ids(" ".join(self.words))
        self.tokens, self.dists = ref.greedy_decode(self.model, list(self.words))
        _, self.trace = ref.forward(self.model.params, self.config, self.src_ids, [ref.BOS_ID])

    # ------------------------------------------------------------------ helpers
    def diagram(self) -> TransformerDiagram:
        """The encoder-decoder figure with N from the config, labelled Encoder / Decoder: a fresh
        copy per step (built once: copying is cheaper than laying out its texts again)."""
        if self._figure is None:
            self._figure = self.build_diagram()
        return self._figure.copy()

    def build_diagram(self) -> TransformerDiagram:
        text = DiagramText(**{f.name: self.t(f"d.{f.name}") for f in fields(DiagramText)})
        d = TransformerDiagram(
            text, self.text("d.times_left", th.BODY, n=self.config.n_encoder_layers),
            self.text("d.times_right", th.BODY, n=self.config.n_decoder_layers))
        d.enc_word = label(self.t("d.encoder"), th.SMALL, self.theme.muted, weight="BOLD")
        d.enc_word.next_to(d.enc_times, UP, buff=0.2)
        d.dec_word = label(self.t("d.decoder"), th.SMALL, self.theme.muted, weight="BOLD")
        d.dec_word.next_to(d.dec_times, UP, buff=0.2)
        d.encoder.add(d.enc_word)
        d.decoder.add(d.dec_word)
        d.scale(self.overview_scale)
        return self.on_bottom(d.set_x(0))

    def on_bottom(self, mob):
        """Move ``mob`` up or down so that its lowest point is at ``bottom``."""
        return mob.shift(UP * (self.bottom - mob.get_bottom()[1]))

    def shape_tag(self, name: str, shape, colour: str | None = None) -> NumberText:
        """'[a × b]' (or 'h × [a × b]' for per-head arrays) of a traced array's shape."""
        colour = colour or self.theme.yellow
        if len(shape) == 3:
            h, a, b = shape
            return NumberText(self.template("shape_heads"), name, 0, th.SMALL, colour, h=h, a=a, b=b)
        a, b = shape
        return NumberText(self.template("shape"), name, 0, th.SMALL, colour, a=a, b=b)

    def template(self, key: str) -> str:
        """The catalogue text of ``key`` with its placeholders still open."""
        return strings.STRINGS[self.key(key)][self.lang]

    def words_and(self, *parts) -> VGroup:
        """Catalogue words (str keys) and mobjects side by side, e.g. 'Q, K, V' + a shape."""
        row = VGroup(*(label(self.t(p), th.SMALL, self.theme.muted) if isinstance(p, str) else p
                       for p in parts))
        return row.arrange(RIGHT, buff=0.15)

    def tag_at(self, tag, target, x: float):
        """Place a tag with its left edge at x, level with ``target``."""
        return tag.move_to([x + tag.width / 2, target.get_y(), 0])

    def focus_on(self, box, target, *extra, run_time: float = 0.6):
        """Move the highlight ``box`` onto ``target`` while ``extra`` mobjects fade in."""
        self.play(Transform(box, SurroundingRectangle(target, color=self.theme.yellow,
                                                      buff=0.06)),
                  *(FadeIn(m) for m in extra), run_time=run_time)

    def count(self, value: int, name: str, weight: str = "NORMAL") -> Num:
        """A parameter count: exact below ``million_from``, in millions from there on."""
        if value >= self.million_from:
            return Num(value / 1e6, name, self.million_decimals, th.SMALL, weight=weight,
                       suffix=" " + self.t("params.million"))
        return Num(value, name, 0, th.SMALL, weight=weight)

    # ------------------------------------------------------------------ 1
    def overview(self):
        d = self.diagram()
        enc, dec = d.enc_stack, d.dec_stack
        self.say("overview.say1")
        self.play(FadeIn(enc.frame), FadeIn(dec.frame), FadeIn(d.enc_word), FadeIn(d.dec_word),
                  run_time=0.8)
        self.say("overview.say2")
        self.play(FadeIn(VGroup(*d.encoder[:6])), run_time=1.0)
        self.say("overview.say3")
        self.play(FadeIn(enc.arrows), FadeIn(enc.residuals), FadeIn(enc.blocks, lag_ratio=0.3),
                  run_time=1.5)
        self.say("overview.say4", n=self.config.n_encoder_layers,
                 n_paper=counts.PAPER_BASE.n_encoder_layers)
        box = SurroundingRectangle(VGroup(enc.frame, d.enc_times), color=self.theme.yellow,
                                   buff=0.08)
        self.play(FadeIn(d.enc_times), Create(box), run_time=0.8)
        self.say("overview.say5")
        self.play(FadeOut(box), FadeIn(VGroup(*d.decoder[:6])), FadeIn(dec.arrows),
                  FadeIn(dec.residuals), FadeIn(dec.blocks, lag_ratio=0.2),
                  FadeIn(d.dec_times), run_time=1.5)
        self.play(Create(d.memory_path), run_time=0.8)
        self.say("overview.say6")
        self.play(FadeIn(VGroup(*d.decoder[8:12])), run_time=0.8)

    # ------------------------------------------------------------------ 2
    def encoder(self):
        cfg, tr = self.config, self.trace
        n, d_model = tr["src_x"].shape
        layer = tr["encoder"][0]
        d = self.diagram()
        self.add(d)
        enc = d.enc_stack
        focus = SurroundingRectangle(d.encoder, color=self.theme.yellow, buff=0.1)
        self.say("encoder.say1", sentence=" ".join(self.words))
        self.play(Create(focus), run_time=0.6)
        zoomed = self.on_bottom(d.encoder.copy().scale(self.zoom))
        zoomed.shift(RIGHT * (self.encoder_right - zoomed.stack.frame.get_right()[0]))
        self.play(FadeOut(d.decoder), FadeOut(d.memory_path), FadeOut(focus),
                  Transform(d.encoder, zoomed), run_time=1.0)
        x = enc.frame.get_right()[0] + self.tag_buff
        tokens = token_boxes(list(self.words), size=th.SMALL, buff=0.12).move_to(d.enc_in)
        if tokens.width > self.max_width / 2:  # a long sentence: keep clear of the tags
            tokens.scale_to_fit_width(self.max_width / 2)
        ids = NumberMatrix(np.array(self.src_ids, dtype=float), "encoder.ids", decimals=0,
                           size=th.SMALL, cell_w=0.55, brackets=True)
        ids_tag = self.tag_at(self.words_and("encoder.ids", ids), tokens,
                              max(x, tokens.get_right()[0] + self.tag_buff))
        box = SurroundingRectangle(tokens, color=self.theme.yellow, buff=0.06)
        self.play(FadeOut(d.enc_in), FadeIn(tokens), Create(box), FadeIn(ids_tag),
                  run_time=0.8)

        emb = ref.token_embedding(self.model.params["src_embed"], self.src_ids)
        self.say("encoder.say2", n=n, d=d_model)
        emb_tag = self.tag_at(self.words_and(self.shape_tag("encoder.embed", emb.shape),
                                             "encoder.scaled"), d.enc_embed, x)
        self.focus_on(box, d.enc_embed, emb_tag)
        pe_tag = self.tag_at(self.shape_tag("encoder.x", tr["src_x"].shape), d.enc_pe.adder, x)
        self.focus_on(box, d.enc_pe.adder, pe_tag)

        counter = self.text("encoder.layer", th.SMALL, self.theme.yellow, i=1,
                            n=cfg.n_encoder_layers)
        counter.next_to(d.enc_times, DOWN, buff=0.3).align_to(d.enc_times, RIGHT)
        attn = layer["self_attn"]
        self.say("encoder.say3", h=cfg.n_heads, dk=attn["q"].shape[-1], d=attn["out"].shape[1])
        blocks = enc.blocks
        ix = TransformerDiagram.ENC
        qkv_tag = self.tag_at(self.words_and(
            "qkv", self.shape_tag("encoder.qkv", attn["q"].shape), "to",
            self.shape_tag("encoder.attn_out", attn["out"].shape)), blocks[ix["self_attn"]], x)
        self.focus_on(box, blocks[ix["self_attn"]], qkv_tag, counter)
        ln1_tag = self.tag_at(self.shape_tag("encoder.ln1", layer["add_norm1"].shape),
                              blocks[ix["ln1"]], x)
        self.focus_on(box, blocks[ix["ln1"]], ln1_tag)
        self.say("encoder.say4", dff=layer["ffn_hidden"].shape[1], d=layer["ffn_out"].shape[1])
        ffn_tag = self.tag_at(self.words_and(
            self.shape_tag("encoder.ffn_hidden", layer["ffn_hidden"].shape), "to",
            self.shape_tag("encoder.ffn_out", layer["ffn_out"].shape)), blocks[ix["ffn"]], x)
        self.focus_on(box, blocks[ix["ffn"]], ffn_tag)
        ln2_tag = self.tag_at(self.shape_tag("encoder.out", layer["out"].shape), blocks[ix["ln2"]], x)
        self.focus_on(box, blocks[ix["ln2"]], ln2_tag)

        self.say("encoder.say5", n=n, d=d_model, layers=cfg.n_encoder_layers)
        for i in range(1, cfg.n_encoder_layers):
            nxt = self.text("encoder.layer", th.SMALL, self.theme.yellow, i=i + 1,
                            n=cfg.n_encoder_layers).move_to(counter, aligned_edge=RIGHT)
            self.play(Transform(box, SurroundingRectangle(enc.frame, color=self.theme.yellow,
                                                          buff=0.04)),
                      FadeOut(counter), FadeIn(nxt), run_time=0.8)
            counter = nxt
        self.say("encoder.say6")
        top = enc.exit + UP * 0.45
        out_arrow = up_arrow(enc.exit, top, self.theme.text)
        memory_tag = self.words_and("encoder.memory",
                                    self.shape_tag("encoder.memory", tr["memory"].shape))
        memory_tag.next_to(top, RIGHT, buff=0.2)
        self.play(FadeOut(box), Create(out_arrow), FadeIn(memory_tag), run_time=0.8)

    # ------------------------------------------------------------------ 3
    def decoder(self):
        cfg, tr = self.config, self.trace
        n, d_model = tr["memory"].shape
        m = tr["tgt_x"].shape[0]
        layer = tr["decoder"][0]
        d = self.diagram()
        self.add(d)
        memory = self.memory_column()
        cross = d.dec_stack.blocks[TransformerDiagram.DEC["cross_attn"]]
        smaller = self.on_bottom(d.decoder.copy().scale(self.decoder_scale))
        smaller.shift(RIGHT * (self.decoder_right - smaller.stack.frame.get_right()[0]))
        memory.move_to([-5.0, smaller.stack.blocks[TransformerDiagram.DEC["cross_attn"]].get_y(),
                        0])
        self.say("decoder.say1", n=n, d=d_model, m=m)
        self.play(ReplacementTransform(d.encoder, memory), FadeOut(d.memory_path),
                  Transform(d.decoder, smaller), run_time=1.2)
        self.add(memory)  # ReplacementTransform swaps it in by Scene.replace: record its numbers
        kv_arrow = up_arrow(memory.get_right() + RIGHT * 0.1, cross.get_left(), self.theme.text)
        kv = label(self.t("kv"), th.SMALL, self.theme.text).next_to(kv_arrow, UP, buff=0.1)
        self.play(Create(kv_arrow), FadeIn(kv), run_time=0.6)

        x = max(d.dec_times.get_right()[0], d.dec_pe.get_right()[0]) + self.tag_buff
        bos = token_boxes([self.t("decoder.bos")], size=th.SMALL).move_to(d.dec_in)
        box = SurroundingRectangle(bos, color=self.theme.yellow, buff=0.06)
        self.play(FadeOut(d.dec_in), FadeIn(bos), Create(box), run_time=0.6)
        emb_tag = self.tag_at(self.shape_tag("decoder.x", tr["tgt_x"].shape), d.dec_pe.adder, x)
        self.focus_on(box, VGroup(d.dec_embed, d.dec_pe.adder), emb_tag)

        blocks, ix = d.dec_stack.blocks, TransformerDiagram.DEC
        self.say("decoder.say2")
        self_tag = self.tag_at(self.shape_tag("decoder.self_attn", layer["self_attn"]["out"].shape),
                               blocks[ix["self_attn"]], x)
        self.focus_on(box, VGroup(blocks[ix["self_attn"]], blocks[ix["ln1"]]), self_tag)
        cross_t = layer["cross_attn"]
        q, k = cross_t["q"].shape, cross_t["k"].shape  # [h, m, d_k], [h, n, d_k]
        self.say("decoder.say3", m=q[1], d=cross_t["concat"].shape[1], n=k[1])
        cross_tag = self.tag_at(VGroup(
            self.words_and("q", self.shape_tag("decoder.cross_q", (q[1], q[0] * q[2]))),
            self.words_and("kv", self.shape_tag("decoder.cross_kv", (k[1], k[0] * k[2])))
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.08), blocks[ix["cross_attn"]], x)
        self.focus_on(box, VGroup(blocks[ix["cross_attn"]], blocks[ix["ln2"]]), cross_tag)
        self.play(Indicate(VGroup(kv_arrow, kv), color=self.theme.yellow), run_time=0.8)
        ffn_tag = self.tag_at(self.words_and(
            self.shape_tag("decoder.ffn_hidden", layer["ffn_hidden"].shape), "to",
            self.shape_tag("decoder.out", layer["out"].shape)), blocks[ix["ffn"]], x)
        self.focus_on(box, VGroup(blocks[ix["ffn"]], blocks[ix["ln3"]]), ffn_tag)

        v = tr["logits"].shape[1]
        self.say("decoder.say4", layers=cfg.n_decoder_layers, d=d_model, v=v, m=m)
        head_tag = self.tag_at(self.shape_tag("decoder.logits", tr["logits"].shape), d.head, x)
        self.focus_on(box, d.head, head_tag)
        self.focus_on(box, d.out)

    def memory_column(self) -> VGroup:
        """The encoder output as its rows: one box per source word, titled, with its shape."""
        title = label(self.t("decoder.memory"), th.SMALL, self.theme.text)
        rows = token_boxes(list(self.words), self.theme.green, th.SMALL).arrange(DOWN, buff=0.1)
        size = self.shape_tag("decoder.memory", self.trace["memory"].shape)
        column = VGroup(title, rows, size).arrange(DOWN, buff=0.2)
        if column.height > self.max_height:  # a long sentence
            column.scale_to_fit_height(self.max_height)
        return column

    # ------------------------------------------------------------------ 4
    def cross(self):
        cfg = self.config
        weights = self.trace["decoder"][self.cross_layer]["cross_attn"]["weights"][:, -1, :]
        h, n = weights.shape  # [n_heads, n_src]: the <bos> query in every head
        mean = weights.mean(axis=0)  # [n_src]
        best = int(np.argmax(mean))
        heads_on_best = int(np.sum(np.argmax(weights, axis=1) == best))
        cell = min(1.15, self.max_width / 2 / n)
        heat = Heatmap(weights, "cross.weights", width=cell * n, height=0.46 * h,
                       diverging=False, show_values=True, decimals=self.weight_decimals,
                       size=th.SMALL)
        avg = Heatmap(mean[None, :], "cross.mean", width=cell * n, height=0.46,
                      diverging=False, show_values=True, decimals=self.weight_decimals,
                      size=th.SMALL)
        avg.next_to(heat, DOWN, buff=0.3)
        Group(heat, avg).move_to(DOWN * 0.35 + RIGHT * 0.3)
        words = heat.label_cols(list(self.words), th.SMALL)
        words.set_color(self.theme.green)
        keys = label(self.t("cross.keys"), th.SMALL, self.theme.green)
        keys.next_to(words, UP, buff=0.2)
        head_nums = VGroup(*(Num(i + 1, "cross.head", 0, th.SMALL, self.theme.muted)
                             .next_to(heat.cell_center(i, 0), LEFT,
                                      buff=heat.cell_w / 2 + 0.2) for i in range(h)))
        head_word = label(self.t("cross.heads"), th.SMALL, self.theme.muted)
        head_word.next_to(head_nums, UP, buff=0.2)
        mean_word = label(self.t("cross.mean"), th.SMALL, self.theme.muted)
        mean_word.next_to(avg, LEFT, buff=0.2)
        query = label(self.t("cross.query"), th.SMALL, self.theme.orange)
        query.next_to(VGroup(head_nums, head_word, mean_word), LEFT, buff=0.5)
        self.say("cross.say1", h=cfg.n_heads)
        self.play(FadeIn(keys), FadeIn(words), FadeIn(query), FadeIn(head_word),
                  FadeIn(head_nums), run_time=0.8)
        self.play(FadeIn(heat), run_time=1.0)
        self.say("cross.say2", decimals={"w": self.weight_decimals}, k=heads_on_best,
                 word=self.words[best], w=float(mean[best]))
        marks = VGroup(*(heat.outline(i, int(np.argmax(weights[i])), self.theme.red)
                         for i in range(h)))
        self.play(Create(marks), FadeIn(avg), FadeIn(mean_word), run_time=1.0)
        self.play(Create(avg.outline(0, best, self.theme.red)), run_time=0.5)

    # ------------------------------------------------------------------ 5
    def output(self):
        probs = self.dists[0]  # [V_tgt]: the first step, decoder input <bos>
        order = np.argsort(-probs, kind="stable")[: self.top_k]
        self.say("output.say1", v=len(probs), k=len(order))
        axis = label(self.t("output.axis"), th.SMALL, self.theme.muted)
        rows = VGroup()
        for rank, i in enumerate(order):
            word = label(self.model.tgt_vocab[i], th.BODY)
            bar = Rectangle(width=max(probs[i] * self.bar_width, 0.02), height=0.38,
                            stroke_width=0, fill_opacity=1,
                            fill_color=self.theme.orange if rank == 0 else self.theme.blue)
            value = Num(probs[i], "output.top", self.prob_decimals, th.SMALL)
            rows.add(VGroup(word, bar, value))
        for k, (word, bar, value) in enumerate(rows):
            bar.move_to([-1.6 + bar.width / 2, 1.6 - 0.55 * k, 0])
            word.next_to([-1.6, bar.get_y(), 0], LEFT, buff=0.35)
            value.next_to(bar, RIGHT, buff=0.2)
        axis.next_to(rows, UP, buff=0.3).align_to(rows[0][1], LEFT)
        base = Line([-1.6, rows.get_top()[1] + 0.05, 0], [-1.6, rows.get_bottom()[1] - 0.05, 0],
                    stroke_width=2, color=self.theme.muted)
        self.play(FadeIn(axis), Create(base), run_time=0.5)
        self.play(*(FadeIn(r, shift=RIGHT * 0.2) for r in rows), run_time=1.0)
        self.say("output.say2", decimals={"p": self.prob_decimals},
                 word=self.model.tgt_vocab[order[0]], p=float(probs[order[0]]))
        self.play(Create(SurroundingRectangle(rows[0], color=self.theme.yellow, buff=0.08)),
                  run_time=0.6)

        self.say("output.say3")
        chosen = [float(dist[self.model.tgt_vocab.index(tok)])
                  for tok, dist in zip(self.tokens, self.dists)]
        chain = token_boxes(self.tokens, self.theme.orange, th.SMALL, buff=0.6)
        if chain.width > self.max_width:
            chain.scale_to_fit_width(self.max_width)
        chain.move_to(DOWN * 2.3)
        arrows = VGroup(*(up_arrow(a.get_right(), b.get_left()) for a, b in pairwise(chain)))
        ps = VGroup(*(Num(p, "output.greedy", self.prob_decimals, th.SMALL, self.theme.muted)
                      .next_to(box, DOWN, buff=0.15) for p, box in zip(chosen, chain)))
        title = label(self.t("output.greedy"), th.SMALL, self.theme.muted)
        title.next_to(chain, UP, buff=0.25).align_to(chain, LEFT)
        self.play(FadeIn(title), FadeIn(chain[0]), FadeIn(ps[0]), run_time=0.6)
        for k in range(1, len(chain)):
            self.play(Create(arrows[k - 1]), FadeIn(chain[k]), FadeIn(ps[k]), run_time=0.5)

    # ------------------------------------------------------------------ 6
    def params(self):
        tiny, paper = counts.model_counts(self.model), counts.paper_base_counts()
        base = counts.PAPER_BASE
        rows = [  # (label key, name, tiny count, paper count)
            ("embeddings", "embeddings", sum(tiny["embeddings"].values()),
             sum(paper["embeddings"].values())),
            ("attention", "attention", tiny["encoder_layer"]["self_attn"],
             paper["encoder_layer"]["self_attn"]),
            ("ffn", "ffn", tiny["encoder_layer"]["ffn"], paper["encoder_layer"]["ffn"]),
            ("norm", "norm", tiny["encoder_layer"]["ln1"], paper["encoder_layer"]["ln1"]),
            ("encoder_layer", "encoder_layer", tiny["encoder_layer"]["total"],
             paper["encoder_layer"]["total"]),
            ("encoder", "encoder", tiny["encoder"], paper["encoder"]),
            ("decoder_layer", "decoder_layer", tiny["decoder_layer"]["total"],
             paper["decoder_layer"]["total"]),
            ("decoder", "decoder", tiny["decoder"], paper["decoder"]),
            ("generator", "generator", tiny["generator"], paper["generator"]),
            ("total", "total", tiny["total"], paper["total"]),
        ]
        x_label, x_tiny, x_paper, top, step = -6.3, 1.2, 5.9, 2.25, 0.42
        header = VGroup(
            label(self.t("params.block"), th.SMALL, self.theme.muted),
            self.text("params.tiny", th.SMALL, self.theme.blue, d=self.config.d_model,
                      n=self.config.n_encoder_layers),
            self.text("params.paper", th.SMALL, self.theme.orange, d=base.d_model,
                      n=base.n_encoder_layers))
        header[0].move_to([x_label + header[0].width / 2, top + 0.55, 0])
        header[1].move_to([x_tiny - header[1].width / 2, top + 0.55, 0])
        header[2].move_to([x_paper - header[2].width / 2, top + 0.55, 0])
        names, tiny_col, paper_col = VGroup(), VGroup(), VGroup()
        for k, (key, name, t, p) in enumerate(rows):
            y = top - step * k - (0.15 if key == "total" else 0)
            weight = "BOLD" if key == "total" else "NORMAL"
            colour = self.theme.text if key in ("total", "encoder", "decoder") else None
            name_m = label(self.t(f"params.{key}"), th.SMALL, colour or self.theme.muted,
                           weight=weight)
            names.add(name_m.move_to([x_label + name_m.width / 2, y, 0]))
            tm = self.count(t, f"params.tiny.{name}", weight)
            pm = self.count(p, f"params.paper.{name}", weight)
            tiny_col.add(tm.move_to([x_tiny - tm.width / 2, y, 0]))
            paper_col.add(pm.move_to([x_paper - pm.width / 2, y, 0]))
        rule = Line([x_label, top + 0.3, 0], [x_paper, top + 0.3, 0], stroke_width=1.5,
                    color=self.theme.grid)
        total_rule = Line([x_label, names[-1].get_y() + 0.3, 0],
                          [x_paper, names[-1].get_y() + 0.3, 0], stroke_width=1.5,
                          color=self.theme.grid)
        self.say("params.say1")
        self.play(FadeIn(header[0]), FadeIn(header[1]), FadeIn(names), Create(rule),
                  Create(total_rule), run_time=0.8)
        self.play(FadeIn(tiny_col, lag_ratio=0.1), run_time=1.2)
        note_tiny = self.text("params.note_tiny", th.TINY, self.theme.blue,
                              v_src=len(self.model.src_vocab), v_tgt=len(self.model.tgt_vocab))
        note_paper = VGroup(
            self.text("params.note_paper", th.TINY, self.theme.orange, v=counts.PAPER_VOCAB),
            self.text("params.note_quoted", th.TINY, self.theme.orange,
                      quoted=counts.PAPER_BASE_QUOTED / 1e6))
        notes = VGroup(note_tiny, *note_paper).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        notes.next_to(names[-1], DOWN, buff=0.35).align_to(names, LEFT)
        self.play(FadeIn(note_tiny), run_time=0.5)
        self.say("params.say2", v=counts.PAPER_VOCAB)
        self.play(FadeIn(header[2]), FadeIn(paper_col, lag_ratio=0.1), FadeIn(note_paper),
                  run_time=1.2)
        self.say("params.say3", decimals={"paper": self.million_decimals, "gap": 1},
                 paper=paper["total"] / 1e6, quoted=counts.PAPER_BASE_QUOTED / 1e6,
                 gap=(counts.PAPER_BASE_QUOTED - paper["total"]) / 1e6,
                 ratio=paper["total"] / tiny["total"])
        total = SurroundingRectangle(VGroup(names[-1], paper_col[-1]), color=self.theme.yellow,
                                     buff=0.1)
        self.play(Create(total), run_time=0.6)
