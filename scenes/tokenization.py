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
from scenes.kit.charts import ElidedMatrix
from scenes.parts.tokenization import TokenIds, VocabSlice
from scenes.reference.tokenization import (
    decoder_sequences,
    embedding_steps,
    lookup_as_matmul,
    one_hot,
    refusal,
    rms,
    vocab_rows,
)

ONEHOT = r"\mathrm{onehot}(<<id>>) \cdot E = E[<<id>>]"
SCALE = r"\sqrt{d_{model}} = \sqrt{<<d>>} = <<s>>"


class Tokenization(LectureScene):
    unknown_sentence = "我 爱 机器人"  # a sentence with a word the source vocabulary lacks
    margin = 1  # vocabulary neighbours shown on each side of an id
    focus = 0  # the word whose one-hot vector is written out
    decimals = 2
    row_cols = 7  # columns of an embedding row shown (the first ones, "⋯", the last)
    pair_cols = 5  # columns when two matrices stand side by side
    onehot_cols = 9

    steps = ("split", "ids", "specials", "table", "onehot", "scale", "position", "unknown")

    def prepare(self):
        model = self.model = ref.load_model()
        self.d = model.config.d_model
        self.E = model.params["src_embed"]  # [V_src, d]
        self.v_src, self.v_tgt = len(model.src_vocab), len(model.tgt_vocab)
        self.n = len(self.words)
        self.i = self.focus % self.n
        self.word_ids = model.src_ids(" ".join(self.words))
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

    def matrix(self, array, name, max_cols, colour=None, labels=True, cell_w=0.85):
        """Rows of the sentence's words (elided to the first columns, "⋯", the last)."""
        return ElidedMatrix(array, name, self.decimals, max_cols=max_cols, cell_w=cell_w,
                            row_labels=list(self.words) if labels else None, color=colour)

    def titled(self, mob, key, colour=None, **values):
        """A small caption above ``mob``."""
        cap = (self.text(key, th.SMALL, colour or self.theme.muted, **values) if values
               else label(self.t(key), th.SMALL, colour or self.theme.muted))
        return VGroup(cap, mob).arrange(DOWN, buff=0.25)

    # ------------------------------------------------------------------ 1
    def split(self):
        theme = self.theme
        self.say("split.say1")
        name = label(self.t("split.sentence"), th.SMALL, theme.muted)
        sentence = label(" ".join(self.words), th.TITLE)
        sentence.move_to(UP * 1.9)
        name.next_to(sentence, LEFT, buff=0.4)
        self.play(FadeIn(sentence), FadeIn(name), run_time=0.8)
        tokenizer = Block(self.t("split.tokenizer"), theme.purple, 4.6, 0.7).move_to(UP * 0.35)
        boxes = token_boxes(list(self.words), theme.blue).move_to(DOWN * 1.2)
        arrows = VGroup(flow_arrow(sentence.get_bottom(), tokenizer.get_top()),
                        flow_arrow(tokenizer.get_bottom(), boxes.get_top()))
        self.play(FadeIn(tokenizer), FadeIn(arrows[0]), run_time=0.6)
        self.say("split.say2", n=self.n)
        count = self.text("split.count", th.SMALL, theme.yellow, n=self.n)
        count.next_to(boxes, DOWN, buff=0.45)
        self.play(FadeIn(arrows[1]), ReplacementTransform(sentence.copy(), boxes), run_time=1.0)
        self.play(FadeIn(count), run_time=0.5)
        self.say("split.say3")

    # ------------------------------------------------------------------ 2
    def ids(self):
        theme, vocab = self.theme, self.model.src_vocab
        self.say("ids.say1")
        vslice = VocabSlice(vocab, self.vocab_rows, "ids.vocab", th.BODY, row_h=0.56,
                            highlight=set(self.word_ids))
        head = VGroup(label(self.t("ids.id"), th.SMALL, theme.muted),
                      label(self.t("ids.token"), th.SMALL, theme.muted))
        title = label(self.t("ids.vocab"), th.SMALL, theme.text, weight="BOLD")
        if vslice.height > 4.9:
            vslice.scale_to_fit_height(4.9)
        vslice.move_to([3.9, 0, 0]).align_to([0, 1.75, 0], UP)
        head[0].move_to([vslice.get_left()[0] + 0.45, 2.3, 0])
        head[1].next_to(head[0], RIGHT, buff=0.45)
        title.next_to(head, UP, buff=0.25).set_x(vslice.get_x())
        frames = VGroup(*(vslice.frame(i) for i in self.word_ids))
        tokens = TokenIds(list(self.words), self.word_ids, "ids.sentence")
        tokens.move_to([-3.4, 0.5, 0])
        self.play(FadeIn(tokens.boxes), run_time=0.6)
        self.play(FadeIn(VGroup(title, head, vslice)), run_time=0.8)
        self.say("ids.say2", word=self.words[0], id=self.word_ids[0])
        self.play(Create(frames), run_time=0.6)
        self.play(*(ReplacementTransform(vslice.row(i)[0].copy(), num)
                    for i, num in zip(self.word_ids, tokens.ids)), run_time=1.0)
        self.settle(tokens, tokens.boxes, *tokens.ids)
        self.say("ids.say3", v_src=self.v_src, v_tgt=self.v_tgt)
        sizes = self.text("ids.sizes", th.SMALL, theme.muted, v_src=self.v_src,
                          v_tgt=self.v_tgt)
        sizes.move_to([-3.4, -1.5, 0])
        self.play(FadeIn(sizes), run_time=0.5)

    # ------------------------------------------------------------------ 3
    def specials(self):
        theme, model = self.theme, self.model
        self.say("specials.say1")
        spec_ids = self.spec_ids
        specials = TokenIds(list(ref.SPECIALS), spec_ids, "specials.ids", th.SMALL,
                            [theme.purple] * len(spec_ids))
        names = label(self.t("specials.names"), th.SMALL, theme.muted)
        VGroup(specials, names).arrange(RIGHT, buff=0.6).move_to(UP * 2.0)
        self.play(FadeIn(specials), FadeIn(names), run_time=0.8)
        self.say("specials.say2")
        translation, tgt_in, tgt_out = self.translation, self.tgt_in, self.tgt_out
        tgt = model.tgt_vocab
        rows = []
        for key, vocab_key, tokens, ids, name in (
                ("encoder_in", "src", list(self.words), self.word_ids, "specials.encoder_in"),
                ("decoder_in", "tgt", [tgt[i] for i in tgt_in], tgt_in, "specials.decoder_in"),
                ("decoder_out", "tgt", [tgt[i] for i in tgt_out], tgt_out,
                 "specials.decoder_out")):
            colours = [theme.purple if t in ref.SPECIALS else
                       (theme.blue if vocab_key == "src" else theme.green) for t in tokens]
            caption = VGroup(label(self.t(f"specials.{key}"), th.SMALL),
                             label(self.t(f"specials.{vocab_key}"), th.TINY, theme.muted))
            caption.arrange(DOWN, aligned_edge=LEFT, buff=0.12)
            row = TokenIds(tokens, ids, name, th.SMALL, colours, buff=0.18)
            rows.append((caption, row))
        for (caption, row), y in zip(rows, (0.35, -1.15, -2.65)):
            caption.move_to([-4.9, y + 0.2, 0], aligned_edge=LEFT)
            row.move_to([0, y, 0]).align_to([-2.4, 0, 0], LEFT)
            if row.get_right()[0] > 6.8:
                row.scale_to_fit_width(9.2).align_to([-2.4, 0, 0], LEFT)
        self.play(FadeIn(VGroup(*rows[0])), run_time=0.7)
        self.say("specials.say3", en=" ".join(translation))
        self.play(FadeIn(VGroup(*rows[1], *rows[2])), run_time=0.9)

    # ------------------------------------------------------------------ 4
    def table(self):
        theme = self.theme
        v, d, n = self.v_src, self.d, self.n
        self.say("table.say1", v=v, d=d)
        heat = Heatmap(self.E, "table.E", width=2.9, height=4.4)
        heat.move_to([-4.7, -0.35, 0])
        lim = float(np.abs(self.E).max())
        bar = ColorBar(-lim, lim, "table.scale", height=3.0, decimals=self.decimals)
        bar.next_to(heat, RIGHT, buff=0.3)
        shape = self.text("table.shape", th.SMALL, theme.text, v=v, d=d)
        shape.next_to(heat, UP, buff=0.25)
        axes = label(self.t("table.axes"), th.TINY, theme.muted).next_to(heat, DOWN, buff=0.2)
        self.play(FadeIn(heat), FadeIn(bar), FadeIn(shape), FadeIn(axes), run_time=1.0)
        self.say("table.say2", n=n)
        frames = VGroup(*(heat.outline(i, 0, theme.yellow).stretch_to_fit_width(heat.width)
                          .set_x(heat.cells.get_x()).set_stroke(width=2.5)
                          for i in self.word_ids))
        self.play(Create(frames), run_time=0.7)
        rows = self.matrix(self.emb["rows"], "table.rows", self.row_cols, cell_w=0.95)
        rows.row_labels.set_color(theme.yellow)
        block = self.titled(rows, "table.rows", theme.text, n=n, d=d)
        block.move_to([2.45, 0, 0])
        self.play(ReplacementTransform(frames.copy(), rows.grid), FadeIn(rows.brackets),
                  FadeIn(rows.row_labels), FadeIn(block[0]), run_time=1.0)
        self.settle(block, block[0], rows.grid, rows.brackets, rows.row_labels)
        self.say("table.say3", count=self.E.size)

    # ------------------------------------------------------------------ 5
    def onehot(self):
        theme, v = self.theme, self.v_src
        word, wid = self.words[self.i], self.word_ids[self.i]
        vec, product, rows, diff = self.one_hot, self.product, self.looked_up, self.diff
        self.say("onehot.say1", v=v, id=wid)
        strip = Heatmap(vec, "onehot.vector", width=12.6, height=0.42, diverging=False,
                        show_values=True, decimals=0)
        strip.move_to(UP * 1.75)
        hot = strip.outline(0, wid, theme.yellow)
        name = self.text("onehot.vector", th.SMALL, theme.yellow, word=word, id=wid)
        name.next_to(hot, UP, buff=0.2)
        name.set_x(np.clip(name.get_x(), -7.0 + name.width / 2, 7.0 - name.width / 2))
        self.play(FadeIn(strip), FadeIn(name), Create(hot), run_time=1.0)
        self.say("onehot.say2", decimals=None, id=wid, diff=diff)
        formula = NumberMathTex(ONEHOT, "onehot.formula", decimals=0, font_size=40, id=wid)
        formula.move_to(UP * 0.55)
        lines = VGroup()
        for key, array, values in (("product", product[self.i], {}),
                                   ("lookup", rows[self.i], {"id": wid})):
            cap = (self.text(f"onehot.{key}", th.SMALL, theme.muted, **values) if values
                   else label(self.t(f"onehot.{key}"), th.SMALL, theme.muted))
            m = ElidedMatrix(array, f"onehot.{key}", self.decimals, max_cols=self.onehot_cols,
                             cell_w=0.95)
            lines.add(VGroup(cap, m))
        for line, y in zip(lines, (-0.65, -1.55)):
            line[1].move_to([0.9, y, 0])
            line[0].next_to(line[1], LEFT, buff=0.5)
        note = self.text("onehot.diff", th.SMALL, theme.green, decimals=None, diff=diff)
        note.move_to(DOWN * 2.55)
        self.play(FadeIn(formula), run_time=0.8)
        self.play(FadeIn(lines), run_time=0.8)
        self.play(FadeIn(note), run_time=0.5)
        self.say("onehot.say3")

    # ------------------------------------------------------------------ 6
    def scale(self):
        theme, s = self.theme, self.emb
        places = {"d": 0, "s": self.decimals}
        self.say("scale.say1", decimals=places, d=self.d, s=s["scale"])
        formula = NumberMathTex(SCALE, "scale.formula", decimals=places, font_size=44,
                                d=self.d, s=s["scale"]).move_to(UP * 2.25)
        self.play(FadeIn(formula), run_time=0.8)
        before = self.matrix(s["rows"], "scale.rows", self.pair_cols)
        after = self.matrix(s["scaled"], "scale.scaled", self.pair_cols, theme.orange)
        sides = []
        for m, key, rms_value, colour in ((before, "scale.rows", self.rms["rows"], theme.muted),
                                         (after, "scale.scaled", self.rms["scaled"],
                                          theme.orange)):
            cap = label(self.t(key), th.SMALL, theme.text)
            size = self.text("scale.rms", th.SMALL, colour, decimals=self.decimals,
                             rms=rms_value)
            sides.append(VGroup(cap, m, size).arrange(DOWN, buff=0.3))
        sides[0].move_to([-3.75, -0.5, 0])
        sides[1].move_to([3.75, -0.5, 0])
        arrow = flow_arrow(sides[0][1].get_right(), sides[1][1].get_left() + LEFT * 0.55)
        factor = Num(s["scale"], "scale.factor", self.decimals, th.BODY, theme.orange,
                     prefix="× ").next_to(arrow, UP, buff=0.15)
        self.play(FadeIn(sides[0]), run_time=0.7)
        self.play(FadeIn(arrow), FadeIn(factor), FadeIn(sides[1]), run_time=0.9)
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
        scaled.move_to([-3.6, 1.35, 0])
        pe.move_to([3.6, 1.35, 0])
        plus = MathTex("+", color=theme.text, font_size=48).move_to(
            [0, scaled[1].grid.get_y(), 0])
        self.play(FadeIn(scaled), run_time=0.6)
        self.play(FadeIn(plus), FadeIn(pe), run_time=0.8)
        self.say("position.say2", n=self.n, d=self.d)
        x = self.titled(self.matrix(s["x"], "position.x", self.pair_cols, theme.green),
                        "position.x", theme.green, n=self.n, d=self.d)
        x.move_to([-1.9, -1.55, 0])
        equals = MathTex("=", color=theme.text, font_size=48)
        equals.next_to(x[1], LEFT, buff=0.35)
        encoder = Block(self.t("position.encoder"), theme.green, 2.2, 0.9).move_to(
            [4.7, x[1].get_y(), 0])
        arrow = flow_arrow(x[1].get_right(), encoder.get_left())
        self.play(FadeIn(equals), FadeIn(x), run_time=0.9)
        self.play(FadeIn(arrow), FadeIn(encoder), run_time=0.6)

    # ------------------------------------------------------------------ 8
    def unknown(self):
        theme = self.theme
        words, at, err = self.unknown_words, self.refused_at, self.refusal
        self.say("unknown.say1", sentence=" ".join(words), word=err.word, v=self.v_src)
        boxes = token_boxes(words, theme.blue).move_to(UP * 1.95)
        boxes[at][0].set_stroke(theme.red)
        boxes[at][1].set_color(theme.red)
        missing = label(self.t("unknown.missing"), th.SMALL, theme.red)
        missing.next_to(boxes[at], DOWN, buff=0.2)
        self.play(FadeIn(boxes), run_time=0.7)
        self.play(FadeIn(missing), run_time=0.5)
        self.say("unknown.say2")
        heading = label(self.t("unknown.error"), th.SMALL, theme.muted)
        message = label(str(err), th.SMALL, theme.red, mono=True)
        if message.width > 12.8:
            message.scale_to_fit_width(12.8)
        error = VGroup(heading, message).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        error.move_to(DOWN * 0.05)
        frame = SurroundingRectangle(error, color=theme.red, buff=0.2, corner_radius=0.1)
        self.play(FadeIn(error), Create(frame), run_time=0.9)
        unk_id = self.unk_id
        unk = self.text("unknown.unk", th.SMALL, theme.muted, id=unk_id)
        if err.close:
            self.say("unknown.say3", close="、".join(err.close) if self.lang == "zh"
                     else ", ".join(err.close))
            close = TokenIds(err.close, self.close_ids, "unknown.close",
                             th.SMALL, [theme.green] * len(err.close))
        else:
            self.say("unknown.say3_none")
            close = label(self.t("unknown.none"), th.SMALL, theme.muted)
        row = VGroup(label(self.t("unknown.close"), th.SMALL, theme.text), close)
        row.arrange(RIGHT, buff=0.4).move_to(DOWN * 1.7)
        unk.move_to(DOWN * 2.95)
        self.play(FadeIn(row), run_time=0.7)
        self.play(FadeIn(unk), run_time=0.5)
