"""The scale of real models (the notes' model-size chart): the parameter counts of the paper's
base model, GPT-1, GPT-2, GPT-3 and LLaMA-2 70B computed from their published hyper-parameters,
each beside its published figure with the ratio; a log-scale bar chart with this project's tiny
model at the bottom (its count from the model); LLaMA-2's GQA and SwiGLU; where the parameters
are; training compute ~ 6 N T and inference ~ 2 N per token. Published figures are data in
scenes/reference/scale.py, with their sources; every count is computed.

    manim -pql scenes/scale.py Scale
"""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    Create,
    FadeIn,
    MathTex,
    SurroundingRectangle,
    VGroup,
)

from scenes import reference as ref
from scenes.kit import LectureScene, Num, NumberMathTex, label
from scenes.kit import theme as th
from scenes.kit.charts import StackedBar
from scenes.kit.theme import PACE, SPACE
from scenes.parts.scale import LogBars, grid_table, rule_under
from scenes.reference import counts
from scenes.reference import scale as sc

PERCENT = 100  # a share in [0, 1] is shown in percent
UNIT = {u: size for size, u in sc.UNITS}  # "M" -> 1e6
RECIPE = {  # what each term of the count is made of (symbols only)
    "embed": r"V \times d",
    "positions": r"n_{\mathrm{ctx}} \times d",
    "attention": r"W_Q, W_K, W_V, W_O:\ d \times d;\ \ b:\ d",
    "ffn": r"W_1:\ d \times d_{ff},\ W_2:\ d_{ff} \times d;\ \ b_1:\ d_{ff},\ b_2:\ d",
    "norms": r"\gamma, \beta:\ d",
}
MATH = 32
COUNT_COLS = ("model", "computed", "published", "ratio")
WHERE_COLS = ("model", "bar", "embeddings", "ffn")
COMPUTE_COLS = ("model", "params", "tokens", "flops", "published", "ratio")

# where every number of the scene comes from (scenes.tools.numbers: the numbers files, the
# player's panel, the handouts); "<record>{key}" is the placeholder key of a text or subtitle
SC = "scenes.reference.scale"
WORKED = f"{SC}.DECODERS"  # Scale.worked: the decoder whose count is worked out
MODELS = f"{SC}.models"  # the paper's base model and the four decoders: counts, compute
VARIANTS = f"{SC}.llama_variants"  # LLaMA-2 70B's choices against the GPT recipe
IN_UNITS = f"(in its unit, {SC}.in_units)"
ORIGINS = {
    "*recipe.hyper{l}": f"{WORKED}: n_layers of Scale.worked",
    "*recipe.hyper{d}": f"{WORKED}: d_model of Scale.worked",
    "*recipe.hyper{dff}": f"{WORKED}: d_ff of Scale.worked",
    "*recipe.hyper{v}": f"{WORKED}: vocab of Scale.worked",
    "*recipe.hyper{ctx}": f"{WORKED}: context of Scale.worked",
    "*recipe.say2{l}": f"{WORKED}: n_layers of Scale.worked",
    "recipe.embed": f"{SC}.decoder_counts: token_embedding {IN_UNITS}",
    "recipe.positions": f"{SC}.decoder_counts: positions {IN_UNITS}",
    "recipe.attention": f"{SC}.decoder_counts: attention {IN_UNITS}",
    "recipe.ffn": f"{SC}.decoder_counts: ffn {IN_UNITS}",
    "recipe.norms": f"{SC}.decoder_counts: norms {IN_UNITS}",
    "recipe.layers": f"{SC}.decoder_counts: layers {IN_UNITS}",
    "recipe.total": f"{SC}.decoder_counts: total {IN_UNITS}",
    "*recipe.say3{total}": f"{SC}.decoder_counts: total, in millions",
    "*recipe.*{k}": f"{SC}.layer_coefficient: a layer's weights over d_model^2",
    "*hyper.pair": f"{SC}.hyper_rows: layers (encoder, decoder) of the paper's model; "
                   "model.config.n_encoder_layers, n_decoder_layers",
    "hyper.*": f"{SC}.hyper_rows: each model's hyper-parameters",
    "*hyper.gqa{h}": f"{SC}.hyper_rows: heads",
    "*hyper.gqa{kv}": f"{SC}.hyper_rows: kv_heads",
    "*hyper.vocabs": "model.src_vocab: its size, and model.tgt_vocab's",
    "*hyper.say2{d_from}": f"{SC}.hyper_rows: d_model of the paper's model",
    "*hyper.say2{d_to}": f"{SC}.hyper_rows: d_model of the decoder Scale.biggest",
    "*hyper.say2{l_from}": f"{SC}.hyper_rows: the paper's encoder layers",
    "*hyper.say2{l_to}": f"{SC}.hyper_rows: layers of the decoder Scale.biggest",
    "*hyper.*{kv}": f"{SC}.DECODERS: n_kv_heads of the decoder Scale.gqa",
    "counts.computed": f"{MODELS}: params, computed from the hyper-parameters {IN_UNITS}",
    "counts.published": f"{SC}.PUBLISHED: params, as published {IN_UNITS}",
    "counts.ratio": f"{MODELS}: ratio, computed over published",
    "*counts.say2{big}": f"{MODELS}: params of Scale.biggest, in billions",
    "*counts.say2{big_pub}": f"{SC}.PUBLISHED: params of Scale.biggest, in billions",
    "*counts.say3{paper}": f"{MODELS}: ratio of the paper's model",
    "chart.ticks": f"{SC}.log_ticks: the powers of ten the counts span {IN_UNITS}",
    "chart.counts": f"{MODELS}: params {IN_UNITS}; scenes.reference.param_count: of "
                    "model.params",
    "chart.params": f"{MODELS}: params; scenes.reference.param_count: of model.params "
                    "(a log axis)",
    "*chart.say2{paper}": f"{MODELS}: params of the paper's model, in millions",
    "*chart.say2{big}": f"{MODELS}: params of Scale.biggest, in billions",
    "*chart.say3{tiny}": "scenes.reference.param_count: of model.params",
    "*chart.say3{ratio}": f"{MODELS}: params of Scale.biggest over the model's, in millions",
    "*variants.*{h}": f"{SC}.DECODERS: n_heads of the decoder Scale.gqa",
    "*variants.*{kv}": f"{SC}.DECODERS: n_kv_heads of the decoder Scale.gqa",
    "*variants.*{mha}": f"{VARIANTS}: attention_mha, in millions",
    "*variants.*{gqa}": f"{VARIANTS}: attention_gqa, in millions",
    "*variants.*{kv_width}": f"{VARIANTS}: kv_width",
    "*variants.*{dh}": f"{VARIANTS}: d_head",
    "*variants.*{mlp_width}": f"{VARIANTS}: mlp_width",
    "*variants.*{multiplier}": f"{VARIANTS}: multiplier",
    "*variants.*{multiple_of}": f"{VARIANTS}: multiple_of",
    "*variants.*{hidden}": f"{VARIANTS}: hidden",
    "*variants.*{swiglu}": f"{VARIANTS}: ffn_swiglu, in millions",
    "*variants.*{mlp}": f"{VARIANTS}: ffn_mlp, in millions",
    "*variants.*{two_thirds}": f"{VARIANTS}: two_thirds",
    "*variants.*{scaled}": f"{VARIANTS}: scaled",
    "*variants.*{output}": f"{VARIANTS}: output, in millions",
    "*variants.*{total}": f"{VARIANTS}: total, in billions",
    "*variants.*{total_mha}": f"{VARIANTS}: total_mha, in billions",
    "*variants.*{total_mlp}": f"{VARIANTS}: total_mlp, in billions",
    "*variants.*{published}": f"{SC}.PUBLISHED: params of the decoder Scale.gqa, in billions",
    "where.parts": f"{MODELS}: breakdown; {SC}.encoder_decoder_breakdown: of the model",
    "*where.share{share}": f"{MODELS}: breakdown, the embeddings' and the FFNs' shares, in "
                           "percent",
    "*where.say2{paper}": f"{MODELS}: breakdown of the paper's model, the embeddings' share",
    "*where.say2{tiny}": f"{SC}.encoder_decoder_breakdown: of the model, the embeddings' share",
    "*where.say2{small}": f"{MODELS}: breakdown of the first decoder, the embeddings' share",
    "*where.say3{emb}": f"{MODELS}: breakdown of Scale.biggest, the embeddings' share",
    "*where.say3{ffn}": f"{MODELS}: breakdown of Scale.biggest, the FFNs' share",
    "*where.say3{llama}": f"{MODELS}: breakdown of Scale.gqa, the FFNs' share",
    "*compute.*{k}": f"{SC}.TRAIN_FLOPS",
    "*compute.*{f}": f"{SC}.FORWARD_FLOPS",
    "compute.params": f"{MODELS}: params {IN_UNITS}",
    "compute.tokens": f"{SC}.PUBLISHED: tokens, the training tokens {IN_UNITS}",
    "compute.flops": f"{SC}.training_flops: 6 N T",
    "compute.published": f"{SC}.PUBLISHED: compute, as published",
    "compute.ratio": f"{SC}.training_flops: over the published compute",
    "*compute.say2{tokens}": f"{SC}.PUBLISHED: tokens of Scale.biggest, in billions",
    "*compute.say2{flops}": f"{SC}.training_flops: of Scale.biggest",
    "*compute.say2{published}": f"{SC}.PUBLISHED: compute of Scale.biggest",
    "*compute.say3{tokens}": f"{SC}.PUBLISHED: tokens of the last decoder, in trillions",
    "*compute.say3{flops}": f"{SC}.training_flops: of the last decoder",
    "*compute.say4{big}": f"{SC}.inference_flops: 2 N of Scale.biggest",
    "*compute.say4{tiny}": f"{SC}.inference_flops: 2 N of the model",
    "compute.inference": f"{SC}.inference_flops: 2 N of each model",
    "*compute.say5{k}": f"{SC}.training_flops: over inference_flops, of Scale.biggest",
}


def column(table, key: str, cols, first: int = 1) -> VGroup:
    """Column ``key`` (one of ``cols``) of a grid_table, rows from ``first`` on."""
    j = cols.index(key)
    return VGroup(*(row[j] for row in table[first:]))


class Scale(LectureScene):
    count_digits = 4  # significant digits of a count in its unit (116.5 M)
    ratio_decimals = 3
    percent_decimals = 1
    chart_width = 8.5  # the log axis, in scene units
    chart_row = 0.7  # a model's row in the chart
    share_bar = (7.0, 0.36)  # a model's stacked bar of where its parameters are
    worked = 0  # the model whose count is worked out in the recipe (index into the decoders)
    biggest = 2  # the largest decoder (GPT-3), quoted in the subtitles
    gqa = 3  # the decoder with grouped-query attention and SwiGLU (LLaMA-2 70B)
    origins = ORIGINS  # where every number comes from (scenes.tools.numbers)

    steps = ("recipe", "hyper", "counts", "chart", "variants", "where", "compute")

    def prepare(self):
        self.model = ref.load_model()
        cfg = self.model.config
        self.rows = sc.models()  # the paper's base model and the four decoders
        self.hyper_rows = sc.hyper_rows()
        self.big = self.rows[1 + self.biggest]  # rows[0] is the paper's model
        self.gqa_model = sc.DECODERS[self.gqa]
        self.tiny_params = ref.param_count(self.model.params)
        tiny_counts = counts.model_counts(self.model)
        self.tiny_parts = sc.encoder_decoder_breakdown(cfg, tiny_counts)
        self.tiny_hyper = {"layers": (cfg.n_encoder_layers, cfg.n_decoder_layers),
                           "d_model": cfg.d_model, "heads": cfg.n_heads, "d_ff": cfg.d_ff,
                           "vocab": (len(self.model.src_vocab), len(self.model.tgt_vocab))}
        self.variants = sc.llama_variants()

    # ------------------------------------------------------------------ helpers
    def name(self, row_name: str) -> str:
        """A model's name on screen: the paper's base model in the lecture's language."""
        return self.t("paper") if row_name == sc.PAPER_NAME else row_name

    def unit(self, u: str) -> str:
        return self.t(f"unit.{u}") if u else ""

    def count(self, n, name, digits=None, size=th.SMALL, colour=None, weight="NORMAL") -> Num:
        """A count in its unit (K, M, B, T) with ``digits`` significant digits."""
        scaled, u, decimals = sc.in_units(n, digits or self.count_digits)
        return Num(scaled, name, decimals, size, colour, weight, suffix=" " + self.unit(u))

    def muted(self, key: str, size=th.SMALL) -> label:
        return label(self.t(key), size, self.theme.muted)

    def millions(self, n: float) -> float:
        return n / UNIT["M"]

    def billions(self, n: float) -> float:
        return n / UNIT["B"]

    def header_rule(self, table, colour=None):
        return rule_under(table[0], table, colour)

    def places(self, n, digits=None) -> int:
        """The decimals of ``n`` in its unit with ``digits`` significant digits (a subtitle
        writes the number as the table does)."""
        return sc.in_units(n, digits or self.count_digits)[2]

    # ------------------------------------------------------------------ 1
    def recipe(self):
        t = self.theme
        m = sc.DECODERS[self.worked]
        c = sc.decoder_counts(m)
        self.say("recipe.say1")
        hyper = self.text("recipe.hyper", th.BODY, t.blue, model=m.name, l=m.n_layers,
                          d=m.d_model, dff=m.d_ff, v=m.vocab, ctx=m.context)
        terms = [("embed", c["token_embedding"]), ("positions", c["positions"]),
                 ("attention", c["attention"]), ("ffn", c["ffn"]), ("norms", c["norms"]),
                 ("layers", c["layers"])]
        rows = [[self.muted(f"recipe.{key}"),
                 (MathTex(RECIPE[key], color=t.text, font_size=MATH) if key in RECIPE
                  else label(self.t(f"recipe.{key}_formula"), th.SMALL, t.text)),
                 self.count(value, f"recipe.{key}")] for key, value in terms]
        rows.append([self.muted("recipe.output"), self.muted("recipe.tied"),
                     label(self.t("none"), th.SMALL, t.muted)])
        rows.append([label(self.t("recipe.total"), th.SMALL, t.text, weight="BOLD"),
                     label("", th.SMALL),
                     self.count(c["total"], "recipe.total", size=th.BODY, colour=t.blue,
                                weight="BOLD")])
        table = grid_table(rows, "llr", buff=(SPACE.xl, SPACE.sm))
        rule = rule_under(table[len(terms)], table)  # above the total
        k = sc.layer_coefficient(m)
        rule_of_thumb = self.text("recipe.rule", th.BODY, t.yellow, k=k)
        self.on_stage(VGroup(hyper, VGroup(table, rule), rule_of_thumb)
                      .arrange(DOWN, buff=SPACE.lg), margin=SPACE.lg)
        self.play(FadeIn(hyper), run_time=PACE.beat)
        self.say("recipe.say2", model=m.name, l=m.n_layers)
        for row in table[:-1]:
            self.play(FadeIn(row), run_time=PACE.flash)
        self.say("recipe.say3", decimals={"total": self.places(c["total"])},
                 total=self.millions(c["total"]))
        self.play(Create(rule), FadeIn(table[-1]), run_time=PACE.beat)
        self.say("recipe.say4", k=k)
        self.play(FadeIn(rule_of_thumb), run_time=PACE.beat)

    # ------------------------------------------------------------------ 2
    def hyper(self):
        t = self.theme
        cols = ("layers", "d_model", "heads", "d_ff", "vocab", "context", "output")
        header = [self.muted("hyper.model")] + [self.muted(f"hyper.{c}") for c in cols]
        rows = [header]
        for h in self.hyper_rows:
            rows.append([label(self.name(h["name"]), th.SMALL, t.text)]
                        + self.hyper_cells(h, t.text))
        tiny = {**self.tiny_hyper, "kv_heads": None, "context": None, "tied": False}
        rows.append([label(self.t("tiny"), th.SMALL, t.orange)]
                    + self.hyper_cells(tiny, t.orange))
        table = grid_table(rows, "l" + "r" * len(cols), buff=(SPACE.lg, SPACE.sm))
        rule = self.header_rule(table)
        gqa = self.gqa_model
        notes = VGroup(self.muted("hyper.note_paper", th.TINY),
                       self.text("hyper.note_llama", th.TINY, t.muted, model=gqa.name,
                                 kv=gqa.n_kv_heads))
        notes.arrange(DOWN, aligned_edge=LEFT, buff=SPACE.xs)
        self.on_stage(VGroup(VGroup(table, rule), notes).arrange(DOWN, buff=SPACE.lg,
                                                                aligned_edge=LEFT),
                      margin=SPACE.lg)
        self.say("hyper.say1")
        self.play(FadeIn(table[0]), Create(rule), run_time=PACE.beat)
        self.play(FadeIn(VGroup(*table[1:]), lag_ratio=1 / len(table)), run_time=PACE.slow)
        first, big = self.hyper_rows[0], self.hyper_rows[1 + self.biggest]
        self.say("hyper.say2", model=big["name"], d_from=first["d_model"], d_to=big["d_model"],
                 l_from=first["layers"][0], l_to=big["layers"])
        width = column(table, "d_model", ("model", *cols))
        self.play(Create(SurroundingRectangle(VGroup(width[0], width[1 + self.biggest]),
                                              color=t.yellow, buff=SPACE.xs)),
                  run_time=PACE.quick)
        self.say("hyper.say3", model=gqa.name, kv=gqa.n_kv_heads)
        self.play(FadeIn(notes), run_time=PACE.beat)

    def hyper_cells(self, h: dict, colour: str) -> list:
        """One row of the hyper-parameter table: numbers as Nums, pairs and GQA as texts."""
        def number(key):
            return Num(h[key], f"hyper.{key}", 0, th.SMALL, colour)

        def pair(key, template):
            a, b = h[key]
            return self.text(template, th.SMALL, colour, a=a, b=b)

        layers = (pair("layers", "hyper.pair") if isinstance(h["layers"], tuple)
                  else number("layers"))
        heads = (self.text("hyper.gqa", th.SMALL, colour, h=h["heads"], kv=h["kv_heads"])
                 if h["kv_heads"] else number("heads"))
        vocab = (pair("vocab", "hyper.vocabs") if isinstance(h["vocab"], tuple)
                 else number("vocab"))
        context = (number("context") if h["context"] is not None
                   else label(self.t("none"), th.SMALL, self.theme.muted))
        output = label(self.t("hyper.tied" if h["tied"] else "hyper.untied"), th.SMALL, colour)
        return [layers, number("d_model"), heads, number("d_ff"), vocab, context, output]

    # ------------------------------------------------------------------ 3
    def step_counts(self):
        """Step "counts" (the reference module counts has the plain name)."""
        t = self.theme
        header = [self.muted(f"counts.{c}") for c in ("model", "computed", "published",
                                                        "ratio")]
        rows = [header]
        for r in self.rows:
            rows.append([label(self.name(r["name"]), th.SMALL, t.text),
                         self.count(r["params"], "counts.computed", colour=t.blue),
                         self.count(r["published"], "counts.published", r["digits"]),
                         Num(r["ratio"], "counts.ratio", self.ratio_decimals, th.SMALL,
                             t.yellow)])
        table = grid_table(rows, "lrrr", buff=(SPACE.xxl, SPACE.sm))
        rule = self.header_rule(table)
        sources = VGroup(*(label(f"{self.name(r['name'])}: {r['source']}", th.TINY, t.muted)
                           for r in self.rows))
        sources.arrange(DOWN, aligned_edge=LEFT, buff=SPACE.xs)
        title = self.muted("counts.sources", th.TINY)
        notes = VGroup(title, sources).arrange(DOWN, aligned_edge=LEFT, buff=SPACE.xs)
        self.on_stage(VGroup(VGroup(table, rule), notes).arrange(DOWN, buff=SPACE.lg,
                                                                aligned_edge=LEFT),
                      margin=SPACE.lg)
        self.say("counts.say1")
        cols = COUNT_COLS
        self.play(FadeIn(table[0]), Create(rule), FadeIn(column(table, "model", cols)),
                  run_time=PACE.beat)
        self.play(FadeIn(column(table, "computed", cols), lag_ratio=1 / len(self.rows)),
                  run_time=PACE.steady)
        self.play(FadeIn(column(table, "published", cols)), FadeIn(notes),
                  run_time=PACE.beat)
        big = self.big
        self.say("counts.say2", decimals={"big": self.places(big["params"]),
                                          "big_pub": self.places(big["published"],
                                                                 big["digits"])},
                 model=big["name"], big=self.billions(big["params"]),
                 big_pub=self.billions(big["published"]))
        ratios = column(table, "ratio", cols)
        self.play(FadeIn(ratios), run_time=PACE.beat)
        over = max(range(len(self.rows)), key=lambda i: self.rows[i]["ratio"])
        self.say("counts.say3", decimals={"paper": self.ratio_decimals},
                 paper=self.rows[0]["ratio"], model=self.rows[over]["name"])
        self.play(Create(SurroundingRectangle(VGroup(ratios[0], ratios[over]),
                                              color=t.red, buff=SPACE.xs)),
                  run_time=PACE.quick)

    # ------------------------------------------------------------------ 4
    def chart(self):
        t = self.theme
        values = [r["params"] for r in self.rows] + [self.tiny_params]
        names = [self.name(r["name"]) for r in self.rows] + [self.t("tiny")]
        colours = [t.blue] * len(self.rows) + [t.orange]
        ticks = sc.log_ticks(values)
        bars = LogBars(values, "chart.params", ticks, self.chart_width, self.chart_row,
                       colours)
        labels = VGroup()
        numbers = VGroup()
        for bar, name, value, colour in zip(bars.bars, names, values, colours):
            labels.add(label(name, th.SMALL, colour).next_to(bar.get_left(), LEFT,
                                                             buff=SPACE.md))
            numbers.add(self.count(value, "chart.counts", colour=colour)
                        .next_to(bar, RIGHT, buff=SPACE.sm))
        tick_labels = VGroup()
        for value in ticks:
            scaled, u, _ = sc.in_units(value)
            tick_labels.add(Num(scaled, "chart.ticks", 0, th.TINY, t.muted,
                                suffix=self.unit(u))
                            .next_to([bars.x_of(value), bars.axis.get_y(), 0], DOWN,
                                     buff=SPACE.sm))
        axis = self.muted("chart.axis", th.TINY).next_to(tick_labels, DOWN, buff=SPACE.sm)
        self.on_stage(VGroup(bars, labels, numbers, tick_labels, axis), margin=SPACE.lg)
        self.say("chart.say1")
        self.play(FadeIn(bars.grid), Create(bars.axis), FadeIn(bars.marks),
                  FadeIn(tick_labels), FadeIn(axis), run_time=PACE.beat)
        big = self.big
        self.say("chart.say2", decimals={"paper": self.places(self.rows[0]["params"]),
                                         "big": self.places(big["params"])},
                 paper=self.millions(self.rows[0]["params"]), model=big["name"],
                 big=self.billions(big["params"]))
        n = len(self.rows)
        self.play(FadeIn(VGroup(*bars.bars[:n]), lag_ratio=1 / n), FadeIn(labels[:n]),
                  FadeIn(numbers[:n]), run_time=PACE.slow)
        self.add(bars)  # the whole chart: its record
        self.say("chart.say3", decimals={"ratio": self.percent_decimals},
                 tiny=self.tiny_params, model=big["name"],
                 ratio=self.millions(big["params"] / self.tiny_params))
        self.play(FadeIn(bars.bars[n]), FadeIn(labels[n]), FadeIn(numbers[n]),
                  run_time=PACE.beat)

    # ------------------------------------------------------------------ 5
    def step_variants(self):
        t, v, m = self.theme, self.variants, self.gqa_model
        mb = {k: self.millions(v[k]) for k in ("attention_gqa", "attention_mha", "ffn_swiglu",
                                               "ffn_mlp", "output")}
        blocks = [
            ("variants.gqa", self.text("variants.gqa_detail", th.SMALL, t.muted,
                                       decimals={"gqa": 1, "mha": 1}, kv_width=v["kv_width"],
                                       kv=m.n_kv_heads, dh=v["d_head"],
                                       gqa=mb["attention_gqa"], mha=mb["attention_mha"])),
            ("variants.swiglu", self.text("variants.swiglu_detail", th.SMALL, t.muted,
                                          decimals={"swiglu": 1, "mlp": 1},
                                          hidden=v["hidden"], swiglu=mb["ffn_swiglu"],
                                          mlp_width=v["mlp_width"], mlp=mb["ffn_mlp"])),
            ("variants.width", self.text("variants.width_detail", th.SMALL, t.muted,
                                         decimals={"multiplier": 1}, mlp_width=v["mlp_width"],
                                         two_thirds=v["two_thirds"],
                                         multiplier=v["multiplier"], scaled=v["scaled"],
                                         multiple_of=v["multiple_of"], hidden=v["hidden"])),
            ("variants.output", self.text("variants.output_detail", th.SMALL, t.muted,
                                          decimals={"output": 1}, output=mb["output"])),
        ]
        items = VGroup(*(VGroup(label(self.t(key), th.BODY, t.blue), detail)
                         .arrange(DOWN, aligned_edge=LEFT, buff=SPACE.xs)
                         for key, detail in blocks))
        items.arrange(DOWN, aligned_edge=LEFT, buff=SPACE.md)
        totals = self.text("variants.totals", th.SMALL, t.yellow,
                           decimals={k: self.places(v[k]) for k in ("total", "total_mha",
                                                                    "total_mlp")},
                           mlp_width=v["mlp_width"],
                           total=self.billions(v["total"]),
                           total_mha=self.billions(v["total_mha"]),
                           total_mlp=self.billions(v["total_mlp"]))
        name = label(m.name, th.BODY, t.yellow, weight="BOLD")
        self.on_stage(VGroup(name, items, totals).arrange(DOWN, aligned_edge=LEFT,
                                                          buff=SPACE.lg), margin=SPACE.lg)
        self.say("variants.say1", decimals={"mha": 1, "gqa": 1}, h=m.n_heads, kv=m.n_kv_heads,
                 mha=mb["attention_mha"], gqa=mb["attention_gqa"])
        gqa, swiglu, width, output = items
        self.play(FadeIn(name), FadeIn(gqa), run_time=PACE.beat)
        self.say("variants.say2", decimals={"multiplier": 1}, mlp_width=v["mlp_width"],
                 multiplier=v["multiplier"], multiple_of=v["multiple_of"], hidden=v["hidden"])
        self.play(FadeIn(swiglu), run_time=PACE.beat)
        self.play(FadeIn(width), run_time=PACE.beat)
        pub = sc.PUBLISHED[m.name]
        self.say("variants.say3", decimals={"output": 1, "total": self.places(v["total"]),
                                            "published": 0},
                 output=mb["output"], total=self.billions(v["total"]),
                 published=self.billions(pub.params))
        self.play(FadeIn(output), run_time=PACE.beat)
        self.play(FadeIn(totals), run_time=PACE.beat)

    # ------------------------------------------------------------------ 6
    def where(self):
        t = self.theme
        groups = ("embeddings", "attention", "ffn", "norms")
        colours = [t.green, t.orange, t.blue, t.yellow]
        parts = [r["breakdown"] for r in self.rows] + [self.tiny_parts]
        names = [self.name(r["name"]) for r in self.rows] + [self.t("tiny")]
        width, height = self.share_bar
        legend = VGroup(*(VGroup(label("■", th.SMALL, c), self.muted(f"where.{g}"))
                          .arrange(RIGHT, buff=SPACE.xs) for g, c in zip(groups, colours)))
        legend.arrange(RIGHT, buff=SPACE.lg)
        rows = [[label("", th.SMALL), label("", th.SMALL),
                 label(self.t("where.embeddings_short"), th.TINY, t.green),
                 label(self.t("where.ffn"), th.TINY, t.blue)]]
        for name, p in zip(names, parts):
            values = [p[g] for g in groups]
            total = sum(values)
            bar = StackedBar(values, "where.parts", width, height, colours)
            rows.append([label(name, th.SMALL, t.text), bar,
                         self.text("where.share", th.SMALL, t.green,
                                   decimals={"share": self.percent_decimals},
                                   share=PERCENT * p["embeddings"] / total),
                         self.text("where.share", th.SMALL, t.blue,
                                   decimals={"share": self.percent_decimals},
                                   share=PERCENT * p["ffn"] / total)])
        rows[-1][0].set_color(t.orange)
        table = grid_table(rows, "lcrr", buff=(SPACE.lg, SPACE.md))
        self.on_stage(VGroup(legend, table).arrange(DOWN, buff=SPACE.lg), margin=SPACE.lg)
        self.say("where.say1")
        cols = WHERE_COLS
        self.play(FadeIn(legend), FadeIn(column(table, "model", cols)), run_time=PACE.beat)
        self.play(FadeIn(column(table, "bar", cols), lag_ratio=1 / len(rows)),
                  run_time=PACE.slow)
        share = {name: {g: p[g] / sum(p.values()) for g in groups} for name, p in
                 zip([r["name"] for r in self.rows] + ["tiny"], parts)}
        small = self.rows[1]["name"]
        self.say("where.say2", decimals=self.percent_decimals, model=small,
                 paper=PERCENT * share[sc.PAPER_NAME]["embeddings"],
                 tiny=PERCENT * share["tiny"]["embeddings"],
                 small=PERCENT * share[small]["embeddings"])
        self.play(FadeIn(column(table, "embeddings", cols, first=0)), run_time=PACE.beat)
        big, gqa = self.big["name"], self.gqa_model.name
        self.say("where.say3", decimals=self.percent_decimals, a=big, b=gqa,
                 emb=PERCENT * share[big]["embeddings"], ffn=PERCENT * share[big]["ffn"],
                 llama=PERCENT * share[gqa]["ffn"])
        self.play(FadeIn(column(table, "ffn", cols, first=0)), run_time=PACE.beat)

    # ------------------------------------------------------------------ 7
    def compute(self):
        t = self.theme
        trained = [r for r in self.rows if r["tokens"] is not None]
        rule6 = NumberMathTex(r"C \approx <<k>>\, N\, T", "compute.rule", decimals=0,
                              color=t.yellow, font_size=MATH, k=sc.TRAIN_FLOPS)
        rule2 = NumberMathTex(r"\approx <<f>>\, N", "compute.per_token", decimals=0,
                              color=t.yellow, font_size=MATH, f=sc.FORWARD_FLOPS)
        head6 = NumberMathTex(r"<<k>>\, N\, T", "compute.head", decimals=0, color=t.muted,
                              font_size=MATH, k=sc.TRAIN_FLOPS)
        header = [self.muted("counts.model"), self.muted("compute.params"),
                  self.muted("compute.tokens"), head6, self.muted("compute.published"),
                  self.muted("compute.ratio")]
        rows = [header]
        for r in trained:
            pub = r["published_compute"]
            rows.append([label(self.name(r["name"]), th.SMALL, t.text),
                         self.count(r["params"], "compute.params"),
                         self.count(r["tokens"], "compute.tokens", r["token_digits"]),
                         Num(r["train_flops"], "compute.flops", None, th.SMALL, t.blue),
                         (Num(pub, "compute.published", None, th.SMALL) if pub is not None
                          else label(self.t("none"), th.SMALL, t.muted)),
                         (Num(r["train_flops"] / pub, "compute.ratio", self.ratio_decimals,
                              th.SMALL, t.yellow) if pub is not None
                          else label(self.t("none"), th.SMALL, t.muted))])
        table = grid_table(rows, "lrrrrr", buff=(SPACE.xl, SPACE.sm))
        rule = self.header_rule(table)
        train = VGroup(VGroup(label(self.t("compute.train"), th.BODY, t.text), rule6)
                       .arrange(RIGHT, buff=SPACE.lg), VGroup(table, rule))
        train.arrange(DOWN, aligned_edge=LEFT, buff=SPACE.md)
        everyone = self.rows + [{"name": "tiny", "inference_flops":
                                 sc.inference_flops(self.tiny_params)}]
        cells = VGroup()
        for r in everyone:
            name = self.t("tiny") if r["name"] == "tiny" else self.name(r["name"])
            colour = t.orange if r["name"] == "tiny" else t.text
            cells.add(VGroup(label(name, th.TINY, colour),
                             Num(r["inference_flops"], "compute.inference", None, th.SMALL,
                                 t.blue)).arrange(DOWN, buff=SPACE.xs))
        cells.arrange(RIGHT, buff=SPACE.lg)
        infer = VGroup(VGroup(label(self.t("compute.infer"), th.BODY, t.text), rule2)
                       .arrange(RIGHT, buff=SPACE.lg), cells)
        infer.arrange(DOWN, aligned_edge=LEFT, buff=SPACE.md)
        self.on_stage(VGroup(train, infer).arrange(DOWN, buff=SPACE.xl, aligned_edge=LEFT),
                      margin=SPACE.lg)
        self.say("compute.say1", k=sc.TRAIN_FLOPS, f=sc.FORWARD_FLOPS)
        self.play(FadeIn(train[0]), FadeIn(table[0]), Create(rule), run_time=PACE.beat)
        big, other = trained[0], trained[-1]
        self.say("compute.say2", decimals={"tokens": 0, "flops": None, "published": None},
                 model=big["name"], tokens=self.billions(big["tokens"]),
                 flops=big["train_flops"], published=big["published_compute"])
        self.play(FadeIn(table[1]), run_time=PACE.beat)
        self.say("compute.say3", decimals={"tokens": self.places(other["tokens"],
                                                                 other["token_digits"]),
                                           "flops": None},
                 model=other["name"], tokens=other["tokens"] / UNIT["T"],
                 flops=other["train_flops"])
        self.play(FadeIn(VGroup(*table[2:])), run_time=PACE.beat)
        self.say("compute.say4", decimals={"f": 0, "big": None, "tiny": None},
                 f=sc.FORWARD_FLOPS, model=big["name"], big=big["inference_flops"],
                 tiny=everyone[-1]["inference_flops"])
        self.play(FadeIn(infer), run_time=PACE.steady)
        self.say("compute.say5", decimals=None, model=big["name"],
                 k=big["train_flops"] / big["inference_flops"])
        self.play(*(Create(SurroundingRectangle(m, color=t.yellow, buff=SPACE.xs))
                    for m in (column(table, "flops", COMPUTE_COLS)[0],
                              cells[1 + self.biggest])), run_time=PACE.quick)

