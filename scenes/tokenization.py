"""Tokens and embeddings: the notes' data-flow figure made real on the example sentence.

Sentence -> word-level tokens -> ids in the model's source vocabulary (and the special tokens,
which only the decoder uses) -> the rows of the embedding table those ids select -> times
sqrt(d_model) -> plus the positional encoding = the encoder's input X. Why ids (a lookup is
one-hot times a matrix), and what the tokenizer does with a word it does not know. Every number
is read from the trained model or computed by scenes.reference.tokenization.

    manim -pql scenes/tokenization.py Tokenization
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
    ReplacementTransform,
    SurroundingRectangle,
    VGroup,
)

from scenes import reference as ref
from scenes.kit import (
    Block,
    ColorBar,
    Heatmap,
    LectureScene,
    Num,
    NumberMathTex,
    flow_arrow,
    label,
    token_boxes,
)
from scenes.kit import theme as th
from scenes.kit.charts import ElidedMatrix, window
from scenes.kit.theme import PACE, SPACE
from scenes.parts.tokenization import STROKE, TokenIds, VocabSlice
from scenes.reference.tokenization import (
    decoder_sequences,
    embedding_steps,
    lookup_as_matmul,
    one_hot,
    refusal,
    rms,
    segmentation,
    vocab_rows,
)

ONEHOT = r"\mathrm{onehot}(<<id>>) \cdot E = E[<<id>>]"
SCALE = r"\sqrt{d_{model}} = \sqrt{<<d>>} = <<s>>"
PAIR_GAP = 2 * SPACE.xxl  # between two things side by side, room for an arrow or a "+"

# where every number of the scene comes from (scenes.tools.numbers: the numbers files, the
# player's panel, the handouts); "<record>{key}" is the placeholder key of a text or subtitle
STEPS = "scenes.reference.tokenization.embedding_steps"  # E[ids], sqrt(d), scaled, PE, X
ORIGINS = {
    "{n}": "settings.sentence: its number of words",
    "{d}": "model.config.d_model",
    "{v_src}": "model.src_vocab: its size",
    "{v_tgt}": "model.tgt_vocab: its size",
    "*ids.say2{id}": "model.src_ids: the id of the sentence's first word",
    "ids.vocab": "scenes.reference.tokenization.vocab_rows: ids of model.src_vocab around the "
                 "sentence's ids",
    "ids.sentence": "model.src_ids: the sentence's ids in model.src_vocab",
    "specials.ids": "model.src_vocab: the ids of scenes.reference.SPECIALS",
    "specials.encoder_in": "model.src_ids: the sentence's ids",
    "specials.decoder_in": "scenes.reference.tokenization.decoder_sequences: <bos> + the ids "
                           "of the model's translation (model.translate)",
    "specials.decoder_out": "scenes.reference.tokenization.decoder_sequences: the ids of the "
                            "model's translation (model.translate) + <eos>",
    "*table.say1{v}": "model.src_vocab: its size (the rows of model.params src_embed)",
    "table.E": "model.params: src_embed",
    "table.scale.*": "model.params: src_embed, its largest absolute value",
    "*table.shape{v}": "model.src_vocab: its size (the rows of model.params src_embed)",
    "table.rows": f"{STEPS}: rows (the sentence's rows of model.params src_embed)",
    "*table.say3{count}": "model.params: src_embed, its number of entries",
    "*onehot.say1{v}": "model.src_vocab: its size",
    "*{id}": "model.src_ids: the id of the word Tokenization.focus",
    "onehot.vector": "scenes.reference.tokenization.one_hot: the word Tokenization.focus, its "
                     "first and last entries and Tokenization.onehot_margin each side of its id",
    "onehot.index": "model.src_vocab: the ids of the one-hot entries shown",
    "*split.vocab{v}": "model.src_vocab: its size less scenes.reference.SPECIALS",
    "onehot.product": "scenes.reference.tokenization.lookup_as_matmul: one_hot(ids) @ E",
    "onehot.lookup": "scenes.reference.tokenization.lookup_as_matmul: E[ids]",
    "*{diff}": "scenes.reference.tokenization.lookup_as_matmul: max |one_hot(ids) @ E - E[ids]|",
    "*scale.say1{s}": f"{STEPS}: scale (sqrt(d_model))",
    "*scale.formula{s}": f"{STEPS}: scale (sqrt(d_model))",
    "scale.rows": f"{STEPS}: rows",
    "*scale.rms": f"scenes.reference.tokenization.rms: of {STEPS} rows (left), scaled (right)",
    "scale.factor": f"{STEPS}: scale (sqrt(d_model))",
    "scale.scaled": f"{STEPS}: scaled (rows x sqrt(d_model))",
    "*scale.say2{before}": f"scenes.reference.tokenization.rms: of {STEPS} rows",
    "*scale.say2{after}": f"scenes.reference.tokenization.rms: of {STEPS} scaled",
    "*scale.say2{pe}": f"scenes.reference.tokenization.rms: of {STEPS} pe",
    "position.scaled": f"{STEPS}: scaled",
    "position.pe": f"{STEPS}: pe (scenes.reference.positional_encoding)",
    "position.x": f"{STEPS}: x = scaled + pe (the encoder's input)",
    "*unknown.say1{v}": "model.src_vocab: its size",
    "unknown.close": "scenes.reference.tokenization.refusal: the ids of the known words close "
                     "to the unknown one",
    "*unknown.unk{id}": "model.src_vocab: the id of scenes.reference.UNK",
}


class Tokenization(LectureScene):
    unknown_sentence = "我 爱 机器人"  # a sentence with a word the source vocabulary lacks
    margin = 1  # vocabulary neighbours shown on each side of an id
    focus = 0  # the word whose one-hot vector is written out
    decimals = 2
    row_cols = 7  # columns of an embedding row shown (the first ones, "⋯", the last)
    pair_cols = 5  # columns when two matrices stand side by side
    onehot_cols = 9
    onehot_margin = 2  # entries of the one-hot vector shown on each side of the word's id
    origins = ORIGINS  # where every number comes from (scenes.tools.numbers)

    steps = ("split", "ids", "specials", "table", "onehot", "scale", "position", "unknown")

    def prepare(self):
        model = self.model = ref.load_model()
        self.d = model.config.d_model
        self.E = model.params["src_embed"]  # [V_src, d]
        self.v_src, self.v_tgt = len(model.src_vocab), len(model.tgt_vocab)
        self.n = len(self.words)
        self.i = self.focus % self.n
        self.word_ids = model.src_ids(" ".join(self.words))
        # split: the sentence as written (no spaces) and its longest-match cut, if it reads the same
        try:
            self.written, self.cut = segmentation(self.words, model.src_vocab)
        except ValueError:
            self.written, self.cut = " ".join(self.words), None
        self.emb = embedding_steps(self.E, self.word_ids)
        # ids: the vocabulary rows around the sentence's ids
        self.vocab_rows = vocab_rows(self.word_ids, self.v_src, self.margin)
        # specials: their ids, and the decoder's sequences for the model's translation
        self.spec_ids = [model.src_vocab.index(s) for s in ref.SPECIALS]
        self.translation = model.translate(" ".join(self.words)).split()
        self.tgt_in, self.tgt_out = decoder_sequences(model.tgt_ids(" ".join(self.translation)))
        # onehot: the focus word's one-hot vector, and the lookup as a product
        self.one_hot = one_hot([self.word_ids[self.i]], self.v_src)  # [1, V]
        self.product, self.looked_up, self.diff = lookup_as_matmul(self.E, self.word_ids)
        # scale: the size of the rows before and after sqrt(d), and of the PE
        self.rms = {k: rms(self.emb[k]) for k in ("rows", "scaled", "pe")}
        # unknown: where the tokenizer refuses the sentence, and why
        self.unknown_words = self.unknown_sentence.split()
        self.refused_at, self.refusal = refusal(model.src_vocab, self.unknown_words)
        self.unk_id = model.src_vocab.index(ref.UNK)
        self.close_ids = [model.src_vocab.index(w) for w in self.refusal.close]

    # ------------------------------------------------------------------ helpers
    def settle(self, whole, *parts):
        """After animating ``parts`` of ``whole`` in, put ``whole`` itself on screen (so its
        record is kept) in their place."""
        self.remove(*parts)
        self.add(whole)

    def matrix(self, array, name, max_cols, colour=None):
        """Rows of the sentence's words (elided to the first columns, "⋯", the last)."""
        return ElidedMatrix(array, name, self.decimals, max_cols=max_cols,
                            row_labels=list(self.words), color=colour)

    def titled(self, mob, key, colour=None, **values):
        """A small caption above ``mob``."""
        cap = (self.text(key, th.SMALL, colour or self.theme.muted, **values) if values
               else label(self.t(key), th.SMALL, colour or self.theme.muted))
        return VGroup(cap, mob).arrange(DOWN, buff=SPACE.sm)

    def boxed(self, key, colour):
        """A block sized to its catalogue text, with padding."""
        text = label(self.t(key), th.SMALL)
        return Block(self.t(key), colour, text.width + 2 * SPACE.xl, text.height + 2 * SPACE.md)

    # ------------------------------------------------------------------ 1
    def split(self):
        theme = self.theme
        self.say("split.say1")
        unspaced = self.cut is not None
        sentence = label(self.written, th.TITLE)
        tokenizer = self.boxed("split.tokenizer" if unspaced else "split.tokenizer_spaces",
                               theme.purple)
        boxes = token_boxes(list(self.words), theme.blue)
        count = self.text("split.count", th.SMALL, theme.yellow, n=self.n)
        VGroup(sentence, tokenizer, boxes).arrange(DOWN, buff=SPACE.xxl)
        notes = VGroup(count)
        if unspaced:
            notes.add(self.text("split.vocab", th.SMALL, theme.muted,
                                v=len(self.model.src_vocab) - len(ref.SPECIALS)))
            passed = [(w, short[-1]) for _, w, short in self.cut if short]
            if passed:
                notes.add(label(self.t("split.longest", long=passed[0][0], short=passed[0][1]),
                                th.SMALL, theme.muted))
        notes.arrange(DOWN, buff=SPACE.sm).next_to(boxes, DOWN, buff=SPACE.lg)
        name = label(self.t("split.sentence"), th.SMALL, theme.muted)
        name.next_to(sentence, LEFT, buff=SPACE.lg)
        self.on_stage(VGroup(name, sentence, tokenizer, boxes, notes), margin=SPACE.lg)
        arrows = VGroup(flow_arrow(sentence.get_bottom(), tokenizer.get_top()),
                        flow_arrow(tokenizer.get_bottom(), boxes.get_top()))
        self.play(FadeIn(sentence), FadeIn(name), run_time=PACE.beat)
        self.play(FadeIn(tokenizer), FadeIn(arrows[0]), run_time=PACE.quick)
        self.say("split.say2" if unspaced else "split.say2_spaces", n=self.n)
        self.play(FadeIn(arrows[1]), ReplacementTransform(sentence.copy(), boxes),
                  run_time=PACE.steady)
        self.play(FadeIn(notes), run_time=PACE.quick)
        self.say("split.say3")

    # ------------------------------------------------------------------ 2
    def ids(self):
        theme, vocab = self.theme, self.model.src_vocab
        self.say("ids.say1")
        vslice = VocabSlice(vocab, self.vocab_rows, "ids.vocab", th.BODY,
                            highlight=set(self.word_ids))
        first = vslice.row(self.vocab_rows[0])
        head = VGroup(label(self.t("ids.id"), th.SMALL, theme.muted),
                      label(self.t("ids.token"), th.SMALL, theme.muted))
        head.arrange(RIGHT).next_to(vslice, UP, buff=SPACE.md)
        head[0].align_to(first[0], RIGHT)
        head[1].align_to(first[1], LEFT)
        title = label(self.t("ids.vocab"), th.SMALL, theme.text, weight="BOLD")
        title.next_to(head, UP, buff=SPACE.sm).match_x(vslice)
        table = VGroup(title, head, vslice)
        tokens = TokenIds(list(self.words), self.word_ids, "ids.sentence")
        sizes = self.text("ids.sizes", th.SMALL, theme.muted, v_src=self.v_src,
                          v_tgt=self.v_tgt)
        left = VGroup(tokens, sizes).arrange(DOWN, buff=SPACE.xxl)
        self.on_stage(VGroup(left, table).arrange(RIGHT, buff=2 * PAIR_GAP), margin=SPACE.lg)
        frames = VGroup(*(vslice.frame(i) for i in self.word_ids))
        self.play(FadeIn(tokens.boxes), run_time=PACE.quick)
        self.play(FadeIn(table), run_time=PACE.beat)
        self.say("ids.say2", word=self.words[0], id=self.word_ids[0])
        self.play(Create(frames), run_time=PACE.quick)
        self.play(*(ReplacementTransform(vslice.row(i)[0].copy(), num)
                    for i, num in zip(self.word_ids, tokens.ids)), run_time=PACE.steady)
        self.settle(tokens, tokens.boxes, *tokens.ids)
        self.say("ids.say3", v_src=self.v_src, v_tgt=self.v_tgt)
        self.play(FadeIn(sizes), run_time=PACE.flash)

    # ------------------------------------------------------------------ 3
    def specials(self):
        theme = self.theme
        self.say("specials.say1")
        specials = TokenIds(list(ref.SPECIALS), self.spec_ids, "specials.ids", th.SMALL,
                            [theme.purple] * len(self.spec_ids))
        names = label(self.t("specials.names"), th.SMALL, theme.muted)
        top = VGroup(specials, names).arrange(RIGHT, buff=SPACE.xl)
        tgt = self.model.tgt_vocab
        lines = VGroup()
        for key, vocab_key, tokens, ids, name in (
                ("encoder_in", "src", list(self.words), self.word_ids, "specials.encoder_in"),
                ("decoder_in", "tgt", [tgt[i] for i in self.tgt_in], self.tgt_in,
                 "specials.decoder_in"),
                ("decoder_out", "tgt", [tgt[i] for i in self.tgt_out], self.tgt_out,
                 "specials.decoder_out")):
            colours = [theme.purple if t in ref.SPECIALS else
                       (theme.blue if vocab_key == "src" else theme.green) for t in tokens]
            caption = VGroup(label(self.t(f"specials.{key}"), th.SMALL),
                             label(self.t(f"specials.{vocab_key}"), th.TINY, theme.muted))
            caption.arrange(DOWN, aligned_edge=LEFT, buff=SPACE.xs)
            row = TokenIds(tokens, ids, name, th.SMALL, colours, buff=SPACE.sm)
            row.next_to(caption, RIGHT)
            caption.match_y(row.boxes)
            lines.add(VGroup(caption, row))
        lines.arrange(DOWN, aligned_edge=LEFT, buff=SPACE.lg)
        column = max(caption.get_right()[0] for caption, _ in lines) + SPACE.xl
        for _, row in lines:
            row.align_to([column, 0, 0], LEFT)
        self.on_stage(VGroup(top, lines).arrange(DOWN, buff=SPACE.xl), margin=SPACE.lg)
        self.play(FadeIn(specials), FadeIn(names), run_time=PACE.beat)
        self.say("specials.say2")
        self.play(FadeIn(lines[0]), run_time=PACE.quick)
        self.say("specials.say3", en=" ".join(self.translation))
        self.play(FadeIn(lines[1:]), run_time=PACE.beat)

    # ------------------------------------------------------------------ 4
    def table(self):
        theme = self.theme
        v, d, n = self.v_src, self.d, self.n
        self.say("table.say1", v=v, d=d)
        height = self.stage().height - PAIR_GAP
        heat = Heatmap(self.E, "table.E", width=height * d / v, height=height)  # square cells
        lim = float(np.abs(self.E).max())
        bar = ColorBar(-lim, lim, "table.scale", height=heat.height, decimals=self.decimals)
        bar.next_to(heat, RIGHT, buff=SPACE.md)
        shape = self.text("table.shape", th.SMALL, theme.text, v=v, d=d)
        shape.next_to(heat, UP, buff=SPACE.sm)
        axes = label(self.t("table.axes"), th.TINY, theme.muted)
        axes.next_to(heat, DOWN, buff=SPACE.sm)
        rows = self.matrix(self.emb["rows"], "table.rows", self.row_cols)
        rows.row_labels.set_color(theme.yellow)
        block = self.titled(rows, "table.rows", theme.text, n=n, d=d)
        self.on_stage(Group(Group(heat, bar, shape, axes), block)
                      .arrange(RIGHT, buff=PAIR_GAP), margin=SPACE.lg)
        self.play(FadeIn(heat), FadeIn(bar), FadeIn(shape), FadeIn(axes), run_time=PACE.steady)
        self.say("table.say2", n=n)
        frames = VGroup(*(heat.outline(i, 0, theme.yellow).stretch_to_fit_width(heat.width)
                          .match_x(heat.cells).set_stroke(width=STROKE)
                          for i in self.word_ids))
        self.play(Create(frames), run_time=PACE.quick)
        self.play(ReplacementTransform(frames.copy(), rows.grid), FadeIn(rows.brackets),
                  FadeIn(rows.row_labels), FadeIn(block[0]), run_time=PACE.steady)
        self.settle(block, block[0], rows.grid, rows.brackets, rows.row_labels)
        self.say("table.say3", count=self.E.size)

    # ------------------------------------------------------------------ 5
    def onehot(self):
        theme, v = self.theme, self.v_src
        word, wid = self.words[self.i], self.word_ids[self.i]
        diff = self.diff
        self.say("onehot.say1", v=v, id=wid)
        # the vector's first and last entries and those around the word's id, the rest elided
        strip = ElidedMatrix(self.one_hot[0], "onehot.vector", 0,
                             cols=window(v, wid, self.onehot_margin), brackets=True)
        ids = VGroup(*(Num(j, "onehot.index", 0, th.TINY, theme.muted)
                       .next_to(strip.entry(0, j), DOWN, buff=SPACE.xs)
                       for j in strip.source_cols if j is not None))
        name = self.text("onehot.vector", th.SMALL, theme.yellow, word=word, id=wid)
        name.next_to(strip, UP, buff=SPACE.sm)
        strip = Group(strip, ids)
        formula = NumberMathTex(ONEHOT, "onehot.formula", decimals=0, id=wid)
        lines = VGroup()
        for key, array, values in (("product", self.product[self.i], {}),
                                   ("lookup", self.looked_up[self.i], {"id": wid})):
            cap = (self.text(f"onehot.{key}", th.SMALL, theme.muted, **values) if values
                   else label(self.t(f"onehot.{key}"), th.SMALL, theme.muted))
            m = ElidedMatrix(array, f"onehot.{key}", self.decimals, max_cols=self.onehot_cols)
            lines.add(VGroup(cap.next_to(m, LEFT, buff=SPACE.lg), m))
        lines.arrange(DOWN, aligned_edge=RIGHT, buff=SPACE.lg)
        note = self.text("onehot.diff", th.SMALL, theme.green, decimals=None, diff=diff)
        self.on_stage(Group(Group(name, strip), formula, lines, note)
                      .arrange(DOWN, buff=SPACE.xl), margin=SPACE.lg)
        hot = SurroundingRectangle(strip[0].entry(0, wid), color=theme.yellow, buff=SPACE.xs)
        self.play(FadeIn(strip), FadeIn(name), Create(hot), run_time=PACE.steady)
        self.say("onehot.say2", decimals=None, id=wid, diff=diff)
        self.play(FadeIn(formula), run_time=PACE.beat)
        self.play(FadeIn(lines), run_time=PACE.beat)
        self.play(FadeIn(note), run_time=PACE.flash)
        self.say("onehot.say3")

    # ------------------------------------------------------------------ 6
    def scale(self):
        theme, s = self.theme, self.emb
        places = {"d": 0, "s": self.decimals}
        self.say("scale.say1", decimals=places, d=self.d, s=s["scale"])
        formula = NumberMathTex(SCALE, "scale.formula", decimals=places, d=self.d,
                                s=s["scale"])
        sides = VGroup()
        for key, colour in (("rows", theme.muted), ("scaled", theme.orange)):
            m = self.matrix(s[key], f"scale.{key}", self.pair_cols,
                            theme.orange if key == "scaled" else None)
            cap = label(self.t(f"scale.{key}"), th.SMALL, theme.text)
            size = self.text("scale.rms", th.SMALL, colour, decimals=self.decimals,
                             rms=self.rms[key])
            sides.add(VGroup(cap, m, size).arrange(DOWN, buff=SPACE.md))
        sides.arrange(RIGHT, buff=PAIR_GAP)
        self.on_stage(VGroup(formula, sides).arrange(DOWN, buff=SPACE.xxl), margin=SPACE.lg)
        before, after = sides[0][1], sides[1][1]
        start = before.get_right()
        arrow = flow_arrow(start, [after.row_labels.get_left()[0], start[1], 0])
        factor = Num(s["scale"], "scale.factor", self.decimals, th.BODY, theme.orange,
                     prefix="× ").next_to(arrow, UP, buff=SPACE.xs)
        self.play(FadeIn(formula), run_time=PACE.beat)
        self.play(FadeIn(sides[0]), run_time=PACE.quick)
        self.play(FadeIn(arrow), FadeIn(factor), FadeIn(sides[1]), run_time=PACE.beat)
        self.say("scale.say2", decimals=self.decimals, before=self.rms["rows"],
                 after=self.rms["scaled"], pe=self.rms["pe"])

    # ------------------------------------------------------------------ 7
    def position(self):
        theme, s = self.theme, self.emb
        self.say("position.say1")
        scaled = self.titled(self.matrix(s["scaled"], "position.scaled", self.pair_cols,
                                         theme.orange), "position.scaled")
        pe = self.titled(self.matrix(s["pe"], "position.pe", self.pair_cols, theme.blue),
                         "position.pe")
        top = VGroup(scaled, pe).arrange(RIGHT, buff=PAIR_GAP, aligned_edge=DOWN)
        plus = MathTex("+", color=theme.text)
        x = self.titled(self.matrix(s["x"], "position.x", self.pair_cols, theme.green),
                        "position.x", theme.green, n=self.n, d=self.d)
        equals = MathTex("=", color=theme.text).next_to(x[1], LEFT, buff=SPACE.md)
        encoder = self.boxed("position.encoder", theme.green)
        encoder.next_to(x[1], RIGHT, buff=PAIR_GAP)
        bottom = VGroup(equals, x, encoder)
        self.on_stage(VGroup(top, bottom).arrange(DOWN, buff=SPACE.xxl), margin=SPACE.lg)
        plus.move_to([(scaled.get_right()[0] + pe.get_left()[0]) / 2, scaled[1].grid.get_y(),
                      0])
        arrow = flow_arrow(x[1].get_right(), encoder.get_left())
        self.play(FadeIn(scaled), run_time=PACE.quick)
        self.play(FadeIn(plus), FadeIn(pe), run_time=PACE.beat)
        self.say("position.say2", n=self.n, d=self.d)
        self.play(FadeIn(equals), FadeIn(x), run_time=PACE.beat)
        self.play(FadeIn(arrow), FadeIn(encoder), run_time=PACE.quick)

    # ------------------------------------------------------------------ 8
    def unknown(self):
        theme = self.theme
        words, at, err = self.unknown_words, self.refused_at, self.refusal
        self.say("unknown.say1", sentence=" ".join(words), word=err.word, v=self.v_src)
        boxes = token_boxes(words, theme.blue)
        boxes[at][0].set_stroke(theme.red)
        boxes[at][1].set_color(theme.red)
        missing = label(self.t("unknown.missing"), th.SMALL, theme.red)
        missing.next_to(boxes[at], DOWN, buff=SPACE.sm)
        heading = label(self.t("unknown.error"), th.SMALL, theme.muted)
        message = self.stage().fit(label(str(err), th.SMALL, theme.red, mono=True),
                                   margin=SPACE.xl)
        error = VGroup(heading, message).arrange(DOWN, aligned_edge=LEFT, buff=SPACE.sm)
        frame = SurroundingRectangle(error, color=theme.red, buff=SPACE.sm,
                                     corner_radius=SPACE.xs)
        unk = self.text("unknown.unk", th.SMALL, theme.muted, id=self.unk_id)
        if err.close:
            close = TokenIds(err.close, self.close_ids, "unknown.close", th.SMALL,
                             [theme.green] * len(err.close))
        else:
            close = label(self.t("unknown.none"), th.SMALL, theme.muted)
        row = VGroup(label(self.t("unknown.close"), th.SMALL, theme.text), close)
        row.arrange(RIGHT, buff=SPACE.lg)
        self.on_stage(VGroup(VGroup(boxes, missing), VGroup(error, frame), row, unk)
                      .arrange(DOWN, buff=SPACE.xl), margin=SPACE.lg)
        self.play(FadeIn(boxes), run_time=PACE.quick)
        self.play(FadeIn(missing), run_time=PACE.flash)
        self.say("unknown.say2")
        self.play(FadeIn(error), Create(frame), run_time=PACE.beat)
        if err.close:
            self.say("unknown.say3", close="、".join(err.close) if self.lang == "zh"
                     else ", ".join(err.close))
        else:
            self.say("unknown.say3_none")
        self.play(FadeIn(row), run_time=PACE.quick)
        self.play(FadeIn(unk), run_time=PACE.flash)
