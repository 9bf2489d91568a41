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
from scenes.kit.theme import PACE, SPACE
from scenes.reference import counts

MILLION = 10**6  # counts from million_from on are shown in millions

# where every number of the scene comes from (scenes.tools.numbers: the numbers files, the
# player's panel, the handouts); "<record>{key}" is the placeholder key of a text or subtitle
FORWARD = "scenes.reference.forward"  # the sentence through the model, decoder input <bos>
ORIGINS = {
    "*overview.say4{n}": "model.config.n_encoder_layers",
    "*overview.say4{n_paper}": "scenes.reference.counts.PAPER_BASE.n_encoder_layers",
    "*d.times_left": "model.config.n_encoder_layers",
    "*d.times_right": "model.config.n_decoder_layers",
    # the encoder pass
    "encoder.ids": "model.src_ids: the sentence's ids in model.src_vocab",
    "*encoder.say2": f"{FORWARD}: the shape of trace src_x (tokens x d_model)",
    "encoder.embed": "scenes.reference.token_embedding: the shape of the sentence's rows of "
                     "model.params src_embed",
    "encoder.x": f"{FORWARD}: the shape of trace src_x (embedding x sqrt(d_model) + PE)",
    "*encoder.say3{h}": "model.config.n_heads",
    "*encoder.say3{dk}": f"{FORWARD}: the last axis of trace encoder[0].self_attn.q (d_k)",
    "*encoder.say3{d}": f"{FORWARD}: the columns of trace encoder[0].self_attn.out",
    "encoder.qkv": f"{FORWARD}: the shape of trace encoder[0].self_attn.q (heads x tokens x d_k)",
    "encoder.attn_out": f"{FORWARD}: the shape of trace encoder[0].self_attn.out",
    "*encoder.layer": "model.config.n_encoder_layers: layer i of n",
    "encoder.ln1": f"{FORWARD}: the shape of trace encoder[0].add_norm1",
    "*encoder.say4{dff}": f"{FORWARD}: the columns of trace encoder[0].ffn_hidden (d_ff)",
    "*encoder.say4{d}": f"{FORWARD}: the columns of trace encoder[0].ffn_out",
    "encoder.ffn_hidden": f"{FORWARD}: the shape of trace encoder[0].ffn_hidden",
    "encoder.ffn_out": f"{FORWARD}: the shape of trace encoder[0].ffn_out",
    "encoder.out": f"{FORWARD}: the shape of trace encoder[0].out",
    "*encoder.say5": f"{FORWARD}: the shape of trace src_x",
    "*encoder.say5{layers}": "model.config.n_encoder_layers",
    "encoder.memory": f"{FORWARD}: the shape of trace memory (the encoder's output)",
    # the decoder pass
    "*decoder.say1": f"{FORWARD}: the shape of trace memory",
    "*decoder.say1{m}": f"{FORWARD}: the rows of trace tgt_x (the decoder's inputs)",
    "decoder.memory": f"{FORWARD}: the shape of trace memory",
    "decoder.x": f"{FORWARD}: the shape of trace tgt_x",
    "decoder.self_attn": f"{FORWARD}: the shape of trace decoder[0].self_attn.out",
    "*decoder.say3{m}": f"{FORWARD}: the rows of trace decoder[0].cross_attn.q",
    "*decoder.say3{d}": f"{FORWARD}: the columns of trace decoder[0].cross_attn.concat",
    "*decoder.say3{n}": f"{FORWARD}: the rows of trace decoder[0].cross_attn.k",
    "decoder.cross_q": f"{FORWARD}: the shape of trace decoder[0].cross_attn.q, heads side by "
                       "side",
    "decoder.cross_kv": f"{FORWARD}: the shape of trace decoder[0].cross_attn.k, heads side by "
                        "side",
    "decoder.ffn_hidden": f"{FORWARD}: the shape of trace decoder[0].ffn_hidden",
    "decoder.out": f"{FORWARD}: the shape of trace decoder[0].out",
    "*decoder.say4{layers}": "model.config.n_decoder_layers",
    "*decoder.say4{d}": f"{FORWARD}: the columns of trace memory (d_model)",
    "*decoder.say4{v}": f"{FORWARD}: the columns of trace logits (the target vocabulary)",
    "*decoder.say4{m}": f"{FORWARD}: the rows of trace tgt_x",
    "decoder.logits": f"{FORWARD}: the shape of trace logits",
    # cross-attention of the last decoder layer, the <bos> query
    "*cross.say1{h}": "model.config.n_heads",
    "cross.head": "model.config.n_heads: head 1 to n",
    "cross.weights": f"{FORWARD}: trace decoder[cross_layer].cross_attn.weights, the <bos> row "
                     "of every head",
    "*cross.say2{k}": f"{FORWARD}: the heads of trace decoder[cross_layer].cross_attn.weights "
                      "whose largest weight is on the word of the largest mean",
    "*cross.say2{w}": f"{FORWARD}: the largest mean over the heads of trace "
                      "decoder[cross_layer].cross_attn.weights",
    "cross.mean": f"{FORWARD}: trace decoder[cross_layer].cross_attn.weights, the <bos> row, "
                  "mean over the heads",
    # the output distribution
    "*output.say1{v}": "scenes.reference.greedy_decode: the size of the first step's "
                       "distribution (the target vocabulary)",
    "*output.say1{k}": "Architecture.top_k",
    "output.top": "scenes.reference.greedy_decode: the first step's distribution, its top_k "
                  "probabilities",
    "*output.say2{p}": "scenes.reference.greedy_decode: the first step's largest probability",
    "output.greedy": "scenes.reference.greedy_decode: the probability of each chosen token",
    # parameter counts
    "*params.tiny{d}": "model.config.d_model",
    "*params.tiny{n}": "model.config.n_encoder_layers",
    "params.tiny.*": "scenes.reference.counts.model_counts: the trained model's parameters",
    "*params.note_tiny{v_src}": "model.src_vocab: its size",
    "*params.note_tiny{v_tgt}": "model.tgt_vocab: its size",
    "*params.say2{v}": "scenes.reference.counts.PAPER_VOCAB",
    "*params.paper{d}": "scenes.reference.counts.PAPER_BASE.d_model",
    "*params.paper{n}": "scenes.reference.counts.PAPER_BASE.n_encoder_layers",
    "params.paper.*": "scenes.reference.counts.paper_base_counts: the paper's base model "
                      "(in millions from Architecture.million_from on)",
    "*params.note_paper{v}": "scenes.reference.counts.PAPER_VOCAB",
    "*params.note_quoted{quoted}": "scenes.reference.counts.PAPER_BASE_QUOTED: in millions",
    "*params.say3{paper}": "scenes.reference.counts.paper_base_counts: the total, in millions",
    "*params.say3{quoted}": "scenes.reference.counts.PAPER_BASE_QUOTED: in millions",
    "*params.say3{gap}": "scenes.reference.counts.PAPER_BASE_QUOTED: less the "
                         "paper_base_counts total, in millions",
    "*params.say3{ratio}": "scenes.reference.counts.paper_base_counts: the total over the "
                           "model_counts total",
}


def below(column) -> VGroup:
    """The parts of a diagram's column (``encoder`` / ``decoder``) below its layer stack."""
    return VGroup(*column[:list(column).index(column.stack)])


def above(column, last) -> VGroup:
    """The parts of a diagram's column after ``last`` (the decoder's head and its output)."""
    return VGroup(*column[list(column).index(last) + 1:])


class Architecture(LectureScene):
    overview_scale = 0.95  # the whole diagram, fitted between the stage's bottom and the frame's top
    zoom = 1.2  # scale of the encoder column in the encoder pass (relative to the overview)
    encoder_right = 0.6  # x of the zoomed encoder frame's right edge (shape tags to its right)
    decoder_scale = 0.9  # the decoder column in the decoder pass (clear of the heading)
    decoder_right = 2.4  # x of the decoder frame's right edge in the decoder pass
    cross_layer = -1  # decoder layer whose cross-attention weights are shown (the last)
    weight_decimals = 2
    top_k = 5  # tokens of the output distribution shown
    prob_decimals = 3
    bar_width = 5.5  # width of a bar of probability 1
    weight_cell = (1.15, 0.46)  # width, height of a cell of cross-attention weights (at most)
    million_from = 100_000  # counts from here on are shown in millions
    million_decimals = 2
    _figure: TransformerDiagram | None = None
    origins = ORIGINS  # where every number comes from (scenes.tools.numbers)

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
        d.enc_word.next_to(d.enc_times, UP, buff=SPACE.sm)
        d.dec_word = label(self.t("d.decoder"), th.SMALL, self.theme.muted, weight="BOLD")
        d.dec_word.next_to(d.dec_times, UP, buff=SPACE.sm)
        d.encoder.add(d.enc_word)
        d.decoder.add(d.dec_word)
        d.scale(self.overview_scale)
        return self.on_bottom(d.set_x(0))

    def on_bottom(self, mob):
        """Move ``mob`` up or down so that its lowest point is on the stage's bottom (below it
        the players draw their subtitles)."""
        return mob.shift(UP * (self.stage().y0 - mob.get_bottom()[1]))

    def room(self) -> float:
        """The width a row of words may take: the stage's, less a margin on each side."""
        return self.stage().width - 2 * SPACE.xl

    def shape_tag(self, name: str, shape, colour: str | None = None) -> NumberText:
        """'[a × b]' (or 'h × [a × b]' for per-head arrays) of a traced array's shape."""
        colour = colour or self.theme.yellow
        if len(shape) > 2:
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
        return row.arrange(RIGHT, buff=SPACE.xs)

    def tag_at(self, tag, target, x: float):
        """Place a tag with its left edge at x, level with ``target``; a tag too long for the
        stage right of x (the ids of a long sentence) is scaled down to fit."""
        room = self.stage().x1 - SPACE.xl - x
        if tag.width > room:
            tag.scale_to_fit_width(room)
        return tag.move_to([x + tag.width / 2, target.get_y(), 0])

    def focus_on(self, box, target, *extra, run_time: float = PACE.quick):
        """Move the highlight ``box`` onto ``target`` while ``extra`` mobjects fade in."""
        self.play(Transform(box, SurroundingRectangle(target, color=self.theme.yellow,
                                                      buff=SPACE.hair)),
                  *(FadeIn(m) for m in extra), run_time=run_time)

    def count(self, value: int, name: str, weight: str = "NORMAL") -> Num:
        """A parameter count: exact below ``million_from``, in millions from there on."""
        if value >= self.million_from:
            return Num(value / MILLION, name, self.million_decimals, th.SMALL, weight=weight,
                       suffix=" " + self.t("params.million"))
        return Num(value, name, 0, th.SMALL, weight=weight)

    # ------------------------------------------------------------------ 1
    def overview(self):
        d = self.diagram()
        enc, dec = d.enc_stack, d.dec_stack
        self.say("overview.say1")
        self.play(FadeIn(enc.frame), FadeIn(dec.frame), FadeIn(d.enc_word), FadeIn(d.dec_word),
                  run_time=PACE.beat)
        self.say("overview.say2")
        self.play(FadeIn(below(d.encoder)), run_time=PACE.steady)
        self.say("overview.say3")
        self.play(FadeIn(enc.arrows), FadeIn(enc.residuals),
                  FadeIn(enc.blocks, lag_ratio=1 / len(enc.blocks)), run_time=PACE.slow)
        self.say("overview.say4", n=self.config.n_encoder_layers,
                 n_paper=counts.PAPER_BASE.n_encoder_layers)
        box = SurroundingRectangle(VGroup(enc.frame, d.enc_times), color=self.theme.yellow,
                                   buff=SPACE.xs)
        self.play(FadeIn(d.enc_times), Create(box), run_time=PACE.beat)
        self.say("overview.say5")
        self.play(FadeOut(box), FadeIn(below(d.decoder)), FadeIn(dec.arrows),
                  FadeIn(dec.residuals), FadeIn(dec.blocks, lag_ratio=1 / len(dec.blocks)),
                  FadeIn(d.dec_times), run_time=PACE.slow)
        self.play(Create(d.memory_path), run_time=PACE.beat)
        self.say("overview.say6")
        self.play(FadeIn(above(d.decoder, d.dec_times)), run_time=PACE.beat)

    # ------------------------------------------------------------------ 2
    def encoder(self):
        cfg, tr = self.config, self.trace
        n, d_model = tr["src_x"].shape
        layer = tr["encoder"][0]
        d = self.diagram()
        self.add(d)
        enc = d.enc_stack
        focus = SurroundingRectangle(d.encoder, color=self.theme.yellow, buff=SPACE.xs)
        self.say("encoder.say1", sentence=" ".join(self.words))
        self.play(Create(focus), run_time=PACE.quick)
        zoomed = self.on_bottom(d.encoder.copy().scale(self.zoom))
        zoomed.shift(RIGHT * (self.encoder_right - zoomed.stack.frame.get_right()[0]))
        self.play(FadeOut(d.decoder), FadeOut(d.memory_path), FadeOut(focus),
                  Transform(d.encoder, zoomed), run_time=PACE.steady)
        x = enc.frame.get_right()[0] + SPACE.md
        tokens = token_boxes(list(self.words), size=th.SMALL, buff=SPACE.xs).move_to(d.enc_in)
        if tokens.width > self.room() / 2:  # a long sentence: keep clear of the tags
            tokens.scale_to_fit_width(self.room() / 2)
        ids = NumberMatrix(np.array(self.src_ids, dtype=float), "encoder.ids", decimals=0,
                           size=th.SMALL, cell_w=SPACE.xl, brackets=True)
        ids_tag = self.tag_at(self.words_and("encoder.ids", ids), tokens,
                              max(x, tokens.get_right()[0] + SPACE.md))
        box = SurroundingRectangle(tokens, color=self.theme.yellow, buff=SPACE.hair)
        self.play(FadeOut(d.enc_in), FadeIn(tokens), Create(box), FadeIn(ids_tag),
                  run_time=PACE.beat)

        emb = ref.token_embedding(self.model.params["src_embed"], self.src_ids)
        self.say("encoder.say2", n=n, d=d_model)
        emb_tag = self.tag_at(self.words_and(self.shape_tag("encoder.embed", emb.shape),
                                             "encoder.scaled"), d.enc_embed, x)
        self.focus_on(box, d.enc_embed, emb_tag)
        pe_tag = self.tag_at(self.shape_tag("encoder.x", tr["src_x"].shape), d.enc_pe.adder, x)
        self.focus_on(box, d.enc_pe.adder, pe_tag)

        counter = self.text("encoder.layer", th.SMALL, self.theme.yellow, i=1,
                            n=cfg.n_encoder_layers)
        counter.next_to(d.enc_times, DOWN, buff=SPACE.md).align_to(d.enc_times, RIGHT)
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
                                                          buff=SPACE.hair)),
                      FadeOut(counter), FadeIn(nxt), run_time=PACE.beat)
            counter = nxt
        self.say("encoder.say6")
        top = enc.exit + UP * SPACE.lg
        out_arrow = up_arrow(enc.exit, top, self.theme.text)
        memory_tag = self.words_and("encoder.memory",
                                    self.shape_tag("encoder.memory", tr["memory"].shape))
        memory_tag.next_to(top, RIGHT, buff=SPACE.sm)
        self.play(FadeOut(box), Create(out_arrow), FadeIn(memory_tag), run_time=PACE.beat)

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
        memory.to_edge(LEFT, buff=SPACE.xxl)
        memory.set_y(smaller.stack.blocks[TransformerDiagram.DEC["cross_attn"]].get_y())
        self.say("decoder.say1", n=n, d=d_model, m=m)
        self.play(ReplacementTransform(d.encoder, memory), FadeOut(d.memory_path),
                  Transform(d.decoder, smaller), run_time=PACE.steady)
        self.add(memory)  # ReplacementTransform swaps it in by Scene.replace: record its numbers
        kv_arrow = up_arrow(memory.get_right() + RIGHT * SPACE.xs, cross.get_left(),
                            self.theme.text)
        kv = label(self.t("kv"), th.SMALL, self.theme.text).next_to(kv_arrow, UP, buff=SPACE.xs)
        self.play(Create(kv_arrow), FadeIn(kv), run_time=PACE.quick)

        x = max(d.dec_times.get_right()[0], d.dec_pe.get_right()[0]) + SPACE.md
        bos = token_boxes([self.t("decoder.bos")], size=th.SMALL).move_to(d.dec_in)
        box = SurroundingRectangle(bos, color=self.theme.yellow, buff=SPACE.hair)
        self.play(FadeOut(d.dec_in), FadeIn(bos), Create(box), run_time=PACE.quick)
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
        ).arrange(DOWN, aligned_edge=LEFT, buff=SPACE.xs), blocks[ix["cross_attn"]], x)
        self.focus_on(box, VGroup(blocks[ix["cross_attn"]], blocks[ix["ln2"]]), cross_tag)
        self.play(Indicate(VGroup(kv_arrow, kv), color=self.theme.yellow), run_time=PACE.beat)
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
        rows = token_boxes(list(self.words), self.theme.green, th.SMALL)
        size = self.shape_tag("decoder.memory", self.trace["memory"].shape)
        column = VGroup(title, rows.arrange(DOWN, buff=SPACE.xs), size)
        return self.stage().fit(column.arrange(DOWN, buff=SPACE.sm), SPACE.md)  # long sentences

    # ------------------------------------------------------------------ 4
    def cross(self):
        cfg = self.config
        weights = self.trace["decoder"][self.cross_layer]["cross_attn"]["weights"][:, -1, :]
        h, n = weights.shape  # [n_heads, n_src]: the <bos> query in every head
        mean = weights.mean(axis=0)  # [n_src]
        best = int(np.argmax(mean))
        heads_on_best = int(np.sum(np.argmax(weights, axis=1) == best))
        cell_w, cell_h = min(self.weight_cell[0], self.room() / 2 / n), self.weight_cell[1]
        heat = Heatmap(weights, "cross.weights", width=cell_w * n, height=cell_h * h,
                       diverging=False, show_values=True, decimals=self.weight_decimals,
                       size=th.SMALL)
        avg = Heatmap(mean[None, :], "cross.mean", width=cell_w * n, height=cell_h,
                      diverging=False, show_values=True, decimals=self.weight_decimals,
                      size=th.SMALL)
        avg.next_to(heat, DOWN, buff=SPACE.md)
        words = heat.label_cols(list(self.words), th.SMALL)
        words.set_color(self.theme.green)
        keys = label(self.t("cross.keys"), th.SMALL, self.theme.green)
        keys.next_to(words, UP, buff=SPACE.sm)
        head_nums = VGroup(*(Num(i + 1, "cross.head", 0, th.SMALL, self.theme.muted)
                             .next_to(heat.cell_center(i, 0), LEFT,
                                      buff=heat.cell_w / 2 + SPACE.sm) for i in range(h)))
        head_word = label(self.t("cross.heads"), th.SMALL, self.theme.muted)
        head_word.next_to(head_nums, UP, buff=SPACE.sm)
        mean_word = label(self.t("cross.mean"), th.SMALL, self.theme.muted)
        mean_word.next_to(avg, LEFT, buff=SPACE.sm)
        query = label(self.t("cross.query"), th.SMALL, self.theme.orange)
        query.next_to(VGroup(head_nums, head_word, mean_word), LEFT, buff=SPACE.lg)
        self.on_stage(Group(heat, avg, words, keys, head_nums, head_word, mean_word, query))
        self.say("cross.say1", h=cfg.n_heads)
        self.play(FadeIn(keys), FadeIn(words), FadeIn(query), FadeIn(head_word),
                  FadeIn(head_nums), run_time=PACE.beat)
        self.play(FadeIn(heat), run_time=PACE.steady)
        self.say("cross.say2", decimals={"w": self.weight_decimals}, k=heads_on_best,
                 word=self.words[best], w=float(mean[best]))
        marks = VGroup(*(heat.outline(i, int(np.argmax(weights[i])), self.theme.red)
                         for i in range(h)))
        self.play(Create(marks), FadeIn(avg), FadeIn(mean_word), run_time=PACE.steady)
        self.play(Create(avg.outline(0, best, self.theme.red)), run_time=PACE.flash)

    # ------------------------------------------------------------------ 5
    def output(self):
        probs = self.dists[0]  # [V_tgt]: the first step, decoder input <bos>
        order = np.argsort(-probs, kind="stable")[: self.top_k]
        self.say("output.say1", v=len(probs), k=len(order))
        axis = label(self.t("output.axis"), th.SMALL, self.theme.muted)
        bars = VGroup(*(Rectangle(width=max(probs[i] * self.bar_width, SPACE.hair),
                                  height=SPACE.md, stroke_width=0, fill_opacity=1,
                                  fill_color=self.theme.orange if rank == 0 else self.theme.blue)
                        for rank, i in enumerate(order)))
        bars.arrange(DOWN, buff=SPACE.md, aligned_edge=LEFT)
        rows = VGroup()
        for i, bar in zip(order, bars):
            word = label(self.model.tgt_vocab[i], th.BODY).next_to(bar.get_left(), LEFT,
                                                                    buff=SPACE.lg)
            value = Num(probs[i], "output.top", self.prob_decimals, th.SMALL)
            rows.add(VGroup(word, bar, value.next_to(bar, RIGHT, buff=SPACE.sm)))
        axis.next_to(rows, UP, buff=SPACE.md).align_to(bars, LEFT)
        base = Line(bars.get_corner(UP + LEFT) + UP * SPACE.hair,
                    bars.get_corner(DOWN + LEFT) + DOWN * SPACE.hair, stroke_width=2,
                    color=self.theme.muted)

        chosen = [float(dist[self.model.tgt_vocab.index(tok)])
                  for tok, dist in zip(self.tokens, self.dists)]
        chain = token_boxes(self.tokens, self.theme.orange, th.SMALL, buff=SPACE.xl)
        self.stage().fit(chain, SPACE.xl)
        ps = VGroup(*(Num(p, "output.greedy", self.prob_decimals, th.SMALL, self.theme.muted)
                      .next_to(box, DOWN, buff=SPACE.xs) for p, box in zip(chosen, chain)))
        title = label(self.t("output.greedy"), th.SMALL, self.theme.muted)
        title.next_to(chain, UP, buff=SPACE.md).align_to(chain, LEFT)
        greedy = VGroup(title, chain, ps)
        self.on_stage(Group(VGroup(axis, rows, base), greedy).arrange(DOWN, buff=SPACE.xxl))
        arrows = VGroup(*(up_arrow(a.get_right(), b.get_left()) for a, b in pairwise(chain)))

        self.play(FadeIn(axis), Create(base), run_time=PACE.flash)
        self.play(*(FadeIn(r, shift=RIGHT * SPACE.sm) for r in rows), run_time=PACE.steady)
        self.say("output.say2", decimals={"p": self.prob_decimals},
                 word=self.model.tgt_vocab[order[0]], p=float(probs[order[0]]))
        self.play(Create(SurroundingRectangle(rows[0], color=self.theme.yellow, buff=SPACE.xs)),
                  run_time=PACE.quick)

        self.say("output.say3")
        self.play(FadeIn(title), FadeIn(chain[0]), FadeIn(ps[0]), run_time=PACE.quick)
        for k in range(1, len(chain)):
            self.play(Create(arrows[k - 1]), FadeIn(chain[k]), FadeIn(ps[k]), run_time=PACE.flash)

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
        header = VGroup(
            label(self.t("params.block"), th.SMALL, self.theme.muted),
            self.text("params.tiny", th.SMALL, self.theme.blue, d=self.config.d_model,
                      n=self.config.n_encoder_layers),
            self.text("params.paper", th.SMALL, self.theme.orange, d=base.d_model,
                      n=base.n_encoder_layers))
        names, tiny_col, paper_col = VGroup(), VGroup(), VGroup()
        for key, name, t, p in rows:
            weight = "BOLD" if key == "total" else "NORMAL"
            colour = self.theme.text if key in ("total", "encoder", "decoder") else None
            names.add(label(self.t(f"params.{key}"), th.SMALL, colour or self.theme.muted,
                            weight=weight))
            tiny_col.add(self.count(t, f"params.tiny.{name}", weight))
            paper_col.add(self.count(p, f"params.paper.{name}", weight))
        table = VGroup(*header, *(m for row in zip(names, tiny_col, paper_col) for m in row))
        table.arrange_in_grid(cols=len(header), buff=(SPACE.xxl + SPACE.xl, SPACE.xs),
                              col_alignments="lrr",
                              row_heights=[max(m.height for m in table)] * (len(rows) + 1))
        # the header above a rule, the total below one
        header.shift(UP * SPACE.sm)
        VGroup(names[-1], tiny_col[-1], paper_col[-1]).shift(DOWN * SPACE.sm)
        rule, total_rule = (Line(table.get_left(), table.get_right(), stroke_width=2,
                                 color=self.theme.grid).set_y((hi.get_bottom()[1]
                                                               + lo.get_top()[1]) / 2)
                            for hi, lo in ((header, names[0]), (names[:-1], names[-1])))
        note_tiny = self.text("params.note_tiny", th.TINY, self.theme.blue,
                              v_src=len(self.model.src_vocab), v_tgt=len(self.model.tgt_vocab))
        note_paper = VGroup(
            self.text("params.note_paper", th.TINY, self.theme.orange, v=counts.PAPER_VOCAB),
            self.text("params.note_quoted", th.TINY, self.theme.orange,
                      quoted=counts.PAPER_BASE_QUOTED / MILLION))
        notes = VGroup(note_tiny, *note_paper).arrange(DOWN, aligned_edge=LEFT, buff=SPACE.xs)
        notes.next_to(table, DOWN, buff=SPACE.md).align_to(table, LEFT)
        self.on_stage(VGroup(table, rule, total_rule, notes))
        self.say("params.say1")
        self.play(FadeIn(header[0]), FadeIn(header[1]), FadeIn(names), Create(rule),
                  Create(total_rule), run_time=PACE.beat)
        self.play(FadeIn(tiny_col, lag_ratio=1 / len(rows)), run_time=PACE.steady)
        self.play(FadeIn(note_tiny), run_time=PACE.flash)
        self.say("params.say2", v=counts.PAPER_VOCAB)
        self.play(FadeIn(header[2]), FadeIn(paper_col, lag_ratio=1 / len(rows)),
                  FadeIn(note_paper), run_time=PACE.steady)
        self.say("params.say3", decimals={"paper": self.million_decimals, "gap": 1},
                 paper=paper["total"] / MILLION, quoted=counts.PAPER_BASE_QUOTED / MILLION,
                 gap=(counts.PAPER_BASE_QUOTED - paper["total"]) / MILLION,
                 ratio=paper["total"] / tiny["total"])
        total = SurroundingRectangle(VGroup(names[-1], paper_col[-1]), color=self.theme.yellow,
                                     buff=SPACE.xs)
        self.play(Create(total), run_time=PACE.quick)
