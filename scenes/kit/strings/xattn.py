"""Strings of the cross-attention and temperature scene (topic prefix ``xattn``)."""

STRINGS = {
    "xattn.title": {"zh": "交叉注意力与温度 Cross-Attention", "en": "Cross-Attention and Temperature"},
    "xattn.subtitle": {
        "zh": "译文如何看原文，以及概率如何变成采样",
        "en": "How the translation looks at the source, and how probabilities become sampling",
    },
    # ------------------------------------------------------------------ 1 where Q, K, V come from
    "xattn.where.heading": {
        "zh": "交叉注意力：Q 来自解码器，K、V 来自编码器",
        "en": "Cross-attention: Q from the decoder, K and V from the encoder",
    },
    "xattn.where.say1": {
        "zh": "解码器的每一层，在带掩码的自注意力之后，还有第二个注意力：交叉注意力。它把译文和原文连在一起。",
        "en": "Every decoder layer has, after its masked self-attention, a second attention: "
              "cross-attention. It connects the translation to the source sentence.",
    },
    "xattn.where.say2": {
        "zh": "查询 Q 来自解码器这一侧：英文译文的每个位置一行，这里共 {m} 行。",
        "en": "The queries Q come from the decoder side: one row per position of the English "
              "target, {m} rows here.",
    },
    "xattn.where.say3": {
        "zh": "键 K 和值 V 都来自编码器的输出 memory，也就是中文原文的 {n} 个词；{layers} 个解码器层用的都是同一份 memory。",
        "en": "The keys K and the values V both come from the encoder's output, the memory: the "
              "{n} words of the Chinese source. All {layers} decoder layers use the same memory.",
    },
    "xattn.where.say4": {
        "zh": "公式和自注意力一样，只是 Q 和 K、V 来自两个不同的句子：每个头的权重是 {m} × {n}，共 {h} 个头。",
        "en": "The formula is self-attention's; only Q and K, V come from two different "
              "sentences. Each head's weights are {m} × {n}, and there are {h} heads.",
    },
    "xattn.where.encoder": {"zh": "编码器 × {n}", "en": "Encoder × {n}"},
    "xattn.where.memory": {"zh": "memory M [{n} × {d}]", "en": "memory M [{n} × {d}]"},
    "xattn.where.masked": {"zh": "掩码自注意力 + Add & Norm", "en": "Masked self-attn + Add & Norm"},
    "xattn.where.y": {"zh": "Y [{m} × {d}]", "en": "Y [{m} × {d}]"},
    "xattn.where.source": {"zh": "中文原文", "en": "Chinese source"},
    "xattn.where.target": {"zh": "英文译文（右移一位）", "en": "English target (shifted right)"},
    "xattn.where.cross": {"zh": "交叉注意力", "en": "Cross-Attention"},
    "xattn.where.weights": {
        "zh": "权重：{h} 个头，每个 [{m} × {n}]",
        "en": "weights: {h} heads, each [{m} × {n}]",
    },
    # ------------------------------------------------------------------ 2 the alignment
    "xattn.align.heading": {
        "zh": "训练好的交叉注意力：一张对齐图",
        "en": "The trained cross-attention: an alignment map",
    },
    "xattn.align.say1": {
        "zh": "这是训练好的模型第 {layer} 个解码器层的交叉注意力，{h} 个头取平均。行是英文词，列是中文词。",
        "en": "This is the trained model's cross-attention in decoder layer {layer}, the mean of "
              "its {h} heads. Rows are English words, columns are Chinese words.",
    },
    "xattn.align.say2": {
        "zh": "每一行是预测这个英文词的那个查询，例如「{first}」那一行的输入还是 <bos>。每行的权重加起来是 {one}。",
        "en": "Each row is the query that predicts its English word: the row of “{first}” still "
              "has <bos> as its input. Each row's weights add up to {one}.",
    },
    "xattn.align.say3": {
        "zh": "红框标出每个英文词最关注的中文词。最强的一处：「{a}」看「{b}」，权重 {w}。",
        "en": "The red frames mark the Chinese word each English word attends to most. The "
              "strongest: “{a}” looks at “{b}” with weight {w}.",
    },
    "xattn.align.say4": {
        "zh": "说明一下：训练时对这一层的头平均加了一个轻微的对齐引导项，权重 {g}；单个头没有受到这个约束。",
        "en": "A note: training added a light alignment hint on this layer's head mean, with "
              "weight {g}; the single heads were not constrained by it.",
    },
    "xattn.align.rows": {"zh": "英文 · 查询 Q", "en": "English · query Q"},
    "xattn.align.cols": {"zh": "中文 · 键 K / 值 V", "en": "Chinese · key K / value V"},
    "xattn.align.which": {
        "zh": "解码器第 {layer} 层（共 {layers} 层）",
        "en": "decoder layer {layer} of {layers}",
    },
    "xattn.align.heads": {"zh": "{h} 个头的平均", "en": "mean of {h} heads"},
    "xattn.align.guided": {
        "zh": "训练目标里有对齐引导项（权重 {g}），作用在这一层的头平均上",
        "en": "the training objective had an alignment hint (weight {g}) on this layer's head mean",
    },
    # ------------------------------------------------------------------ 3 every head
    "xattn.heads.heading": {"zh": "每个头各看各的", "en": "Every head looks its own way"},
    "xattn.heads.say1": {
        "zh": "平均之前，{h} 个头各有一张自己的图。",
        "en": "Before the mean, each of the {h} heads has a map of its own.",
    },
    "xattn.heads.say2": {
        "zh": "H 是每行权重的熵再取平均：{zero} 表示每行只看一个中文词，{max} 等于 ln {n}，表示平均分给 {n} 个词。",
        "en": "H is the entropy of each row, averaged: {zero} means every row looks at one Chinese "
              "word, {max} = ln {n} means spread evenly over all {n}.",
    },
    "xattn.heads.say3": {
        "zh": "头 {a} 最集中，H = {ha}；头 {b} 最分散，H = {hb}。",
        "en": "Head {a} is the most focused, H = {ha}; head {b} the most spread out, H = {hb}.",
    },
    "xattn.heads.say4": {
        "zh": "熵是衡量一个分布有多“尖”的尺子。接下来用它来看模型输出的下一个词的分布。",
        "en": "Entropy measures how peaked a distribution is. Next we use it on the model's "
              "distribution over the next word.",
    },
    "xattn.heads.legend": {
        "zh": "每张图：行是 {rows}，列是 {cols}",
        "en": "each map: rows {rows}, columns {cols}",
    },
    "xattn.heads.title": {"zh": "头 {k} · H = {H}", "en": "head {k} · H = {H}"},
    # ------------------------------------------------------------------ 4 one next-token distribution
    "xattn.logits.heading": {
        "zh": "一个真实的下一个词分布",
        "en": "One real next-word distribution",
    },
    "xattn.logits.say1": {
        "zh": "翻译这句话的第 {step} 步（共 {n} 步），这是模型最没把握的一步。解码器输出一行 logits z。",
        "en": "Step {step} of {n} while translating the sentence, the step the model is least "
              "sure about. The decoder outputs one row of logits z.",
    },
    "xattn.logits.say2": {
        "zh": "softmax 把 {v} 个 logits 变成概率。现在给它加一个温度 T：先把 z 除以 T，再做 softmax。",
        "en": "Softmax turns the {v} logits into probabilities. Now add a temperature T: divide "
              "z by T first, then take the softmax.",
    },
    "xattn.logits.say3": {
        "zh": "T = {t} 就是普通的 softmax；T 改变的不是词的排序，而是分布有多集中。",
        "en": "T = {t} is the ordinary softmax; T does not change the order of the words, only how "
              "concentrated the distribution is.",
    },
    "xattn.logits.source": {"zh": "原文：", "en": "source:"},
    "xattn.logits.prefix": {"zh": "已生成：", "en": "so far:"},
    "xattn.logits.more": {
        "zh": "词表共 {v} 个词，其余 {rest} 个未列出",
        "en": "{v} words in the vocabulary, {rest} more not listed",
    },
    "xattn.logits.t_note": {"zh": "T：温度，必须为正数", "en": "T: the temperature, a positive number"},
    # ------------------------------------------------------------------ 5 three temperatures
    "xattn.temps.heading": {"zh": "同一组 logits，三个温度", "en": "The same logits at three temperatures"},
    "xattn.temps.say1": {
        "zh": "先看 T = {t}：模型自己的分布，几乎全部概率都在第一个词上。",
        "en": "First T = {t}: the model's own distribution, almost all of the probability on "
              "the first word.",
    },
    "xattn.temps.say2": {
        "zh": "T = {lo}：logits 被放大，差距变大，分布更尖。",
        "en": "T = {lo}: the logits are scaled up, the gaps grow, the distribution gets sharper.",
    },
    "xattn.temps.say3": {
        "zh": "T = {hi}：logits 被压小，差距缩小，概率流向其他词，分布变平。",
        "en": "T = {hi}: the logits are scaled down, the gaps shrink, probability flows to the "
              "other words, the distribution flattens.",
    },
    "xattn.temps.say4": {
        "zh": "熵 H 用自然对数，单位是 nats；在整个词表上算，从 {lo} 升到 {hi}。",
        "en": "The entropy H uses the natural log, so it is in nats; over the whole vocabulary "
              "it rises from {lo} to {hi}.",
    },
    "xattn.temps.title": {"zh": "T = {t}", "en": "T = {t}"},
    "xattn.temps.rest": {"zh": "其余 {k} 个词：{p}", "en": "other {k} words: {p}"},
    "xattn.temps.entropy": {"zh": "H = {h} nats", "en": "H = {h} nats"},
    # ------------------------------------------------------------------ 6 the two limits
    "xattn.limits.heading": {
        "zh": "两个极限：贪心与均匀，然后是采样",
        "en": "Two limits: greedy and uniform, then sampling",
    },
    "xattn.limits.say1": {
        "zh": "把温度从小到大连续地变，熵画成一条曲线：圆点是刚才的三个温度。",
        "en": "Vary the temperature smoothly and the entropy traces a curve: the dots are the "
              "three temperatures we just saw.",
    },
    "xattn.limits.say2": {
        "zh": "温度越来越低：所有概率都集中到 argmax「{word}」上，熵趋向 {zero}，这就是贪心解码。",
        "en": "As T shrinks toward zero, all the probability moves to the argmax, “{word}”, and "
              "the entropy goes to {zero}: that is greedy decoding.",
    },
    "xattn.limits.say3": {
        "zh": "T 很大：分布趋向 {v} 个词上的均匀分布，熵趋向 ln {v} = {h} nats，也就是 {b} bits。",
        "en": "As T grows, the distribution approaches the uniform one over {v} words and the "
              "entropy approaches ln {v} = {h} nats, that is {b} bits.",
    },
    "xattn.limits.say4": {
        "zh": "这就是从概率到采样的桥：按 p(T) 随机抽下一个词。温度低更稳妥，温度高更多样，但也更容易出错。",
        "en": "This is the bridge from probabilities to sampling: draw the next word at random "
              "from p(T). A low temperature is safer, a high one more varied, and more error-prone.",
    },
    "xattn.limits.say5": {
        "zh": "小结：交叉注意力让译文的每个词去原文里找信息；温度决定从分布里怎样挑出下一个词。",
        "en": "In short: cross-attention lets each word of the translation look up the source; "
              "the temperature decides how the next word is picked from the distribution.",
    },
    "xattn.limits.y_label": {"zh": "熵 H（nats）", "en": "entropy H (nats)"},
    "xattn.limits.greedy": {
        "zh": "极低温度：只剩 argmax「{word}」",
        "en": "very low T: only the argmax “{word}”",
    },
    "xattn.limits.greedy_h": {"zh": "H = {h}：贪心解码", "en": "H = {h}: greedy decoding"},
    "xattn.limits.uniform": {
        "zh": "H = ln {v} = {h} nats = {b} bits",
        "en": "H = ln {v} = {h} nats = {b} bits",
    },
    "xattn.limits.uniform_note": {
        "zh": "T → ∞：趋向均匀分布，每个词一样可能",
        "en": "T → ∞: toward uniform, every word equally likely",
    },
    "xattn.limits.sample1": {
        "zh": "采样：下一个词 ~ p(T)",
        "en": "sampling: next word ~ p(T)",
    },
    "xattn.limits.sample2": {
        "zh": "T 小：稳妥　T 大：多样",
        "en": "low T: safe   high T: varied",
    },
}
