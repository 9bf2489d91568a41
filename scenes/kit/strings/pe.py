"""Strings of the positional-encoding scene (topic prefix ``pe``)."""

STRINGS = {
    # ------------------------------------------------------------------ positional encoding
    "pe.title": {"zh": "位置编码 Positional Encoding", "en": "Positional Encoding"},
    "pe.subtitle": {
        "zh": "Transformer 如何知道词的顺序？",
        "en": "How does a Transformer know the order of the words?",
    },
    "pe.order.heading": {
        "zh": "为什么要注入顺序：自注意力不看位置",
        "en": "Why order must be injected: attention ignores position",
    },
    "pe.order.say1": {
        "zh": "自注意力只比较词与词的内容，不知道谁在前、谁在后。",
        "en": "Self-attention compares what the words are, not where they stand.",
    },
    "pe.order.say2": {
        "zh": "把训练好的模型的第一个编码器层，直接用在没有位置编码的词向量上。",
        "en": "Run the trained model's first encoder layer on the word embeddings, without "
              "positional encoding.",
    },
    "pe.order.say3": {
        "zh": "交换「{a}」和「{b}」，再算一次。",
        "en": "Swap “{a}” and “{b}” and compute again.",
    },
    "pe.order.say4": {
        "zh": "输出只是跟着交换，数值完全相同：模型分不出这两种语序。位置信息必须另外加进去。",
        "en": "The outputs merely swap, with identical numbers: the model cannot tell the two "
              "orders apart. Position has to be added.",
    },
    "pe.order.original": {"zh": "原句", "en": "original"},
    "pe.order.swapped": {"zh": "交换后", "en": "swapped"},
    "pe.order.caption": {
        "zh": "第一个编码器层的输出（无位置编码），前几维",
        "en": "Output of the first encoder layer (no positional encoding), first dimensions",
    },
    "pe.order.diff": {
        "zh": "交换回来后的最大差异  max|Δ| = {diff}",
        "en": "largest difference after swapping back  max|Δ| = {diff}",
    },
    "pe.formula.heading": {
        "zh": "正弦位置编码的公式",
        "en": "The sinusoidal encoding",
    },
    "pe.formula.say1": {
        "zh": "论文给每个位置 pos 算一个长度为 d_model 的向量：偶数维用 sin，奇数维用 cos。",
        "en": "The paper gives every position pos a vector of length d_model: sine in the "
              "even dimensions, cosine in the odd ones.",
    },
    "pe.formula.say2": {
        "zh": "例如位置 {pos}、维度 {dim}：",
        "en": "For example position {pos}, dimension {dim}:",
    },
    "pe.formula.pos": {"zh": "pos：词在句子中的位置", "en": "pos: where the word stands"},
    "pe.formula.i": {
        "zh": "i：维度对的编号，2i 用 sin，2i+1 用 cos",
        "en": "i: index of a dimension pair, 2i takes sin, 2i+1 takes cos",
    },
    "pe.formula.d": {
        "zh": "d_model = {d}（本项目的模型）",
        "en": "d_model = {d} (this project's model)",
    },
    "pe.values.heading": {
        "zh": "例句每个位置的编码",
        "en": "The encoding of each position of the sentence",
    },
    "pe.values.say1": {
        "zh": "这是例句 {n} 个位置的位置编码，每行 {d} 个数，这里显示前几维和最后一维。",
        "en": "These are the encodings of the sentence's {n} positions, {d} numbers per row; "
              "the first dimensions and the last are shown.",
    },
    "pe.values.say2": {
        "zh": "越往右的维度频率越低：相邻位置的数值变化越来越慢。",
        "en": "The further right, the lower the frequency: neighbouring positions change "
              "more and more slowly.",
    },
    "pe.values.fast": {"zh": "变化快", "en": "changes fast"},
    "pe.values.slow": {"zh": "几乎不变", "en": "barely changes"},
    "pe.waves.heading": {
        "zh": "从高频到低频的正弦波",
        "en": "Sine waves from high to low frequency",
    },
    "pe.waves.say1": {
        "zh": "把一列数值沿位置画出来，就是一条正弦波；点是整数位置上的真实取值。",
        "en": "Plot one column along the positions and you get a sine wave; the dots are the "
              "values at whole positions.",
    },
    "pe.waves.say2": {
        "zh": "低维的波变化快，高维的波变化慢：合在一起，每个位置都有独特的“指纹”。",
        "en": "Low dimensions oscillate fast, high ones slowly: together they give every "
              "position a unique fingerprint.",
    },
    "pe.waves.legend": {
        "zh": "维度 {dim}  波长 {wavelength}",
        "en": "dim {dim}  wavelength {wavelength}",
    },
    "pe.heatmap.heading": {
        "zh": "整个位置编码矩阵",
        "en": "The whole positional-encoding matrix",
    },
    "pe.heatmap.say1": {
        "zh": "每一行是一个位置，每一列是一个维度：{n} 个位置 × {d} 维。",
        "en": "One row per position, one column per dimension: {n} positions × {d} dimensions.",
    },
    "pe.heatmap.say2": {
        "zh": "左边的列变化快，右边的列几乎不变；例句只用到最上面几行。",
        "en": "Columns on the left change fast, those on the right barely change; the "
              "sentence uses only the top rows.",
    },
    "pe.heatmap.rows": {"zh": "位置 pos ↓", "en": "position pos ↓"},
    "pe.heatmap.cols": {"zh": "维度 →", "en": "dimension →"},
    "pe.heatmap.sentence": {"zh": "例句", "en": "sentence"},
    "pe.similarity.heading": {
        "zh": "相邻的位置更相似",
        "en": "Neighbouring positions are similar",
    },
    "pe.similarity.say1": {
        "zh": "两个位置编码的点积只取决于它们相隔多远：从位置 {p} 和位置 {q} 出发，曲线完全重合。",
        "en": "The dot product of two encodings depends only on how far apart they are: from "
              "position {p} and from position {q} the curves coincide.",
    },
    "pe.similarity.say2": {
        "zh": "距离越近，点积越大；模型由此能感知相对位置。",
        "en": "The closer, the larger the dot product: this is how the model can sense "
              "relative position.",
    },
    "pe.similarity.x": {"zh": "距离 k", "en": "distance k"},
    "pe.similarity.y": {"zh": "点积 PE(p)·PE(p+k)", "en": "dot product PE(p)·PE(p+k)"},
    "pe.similarity.from": {"zh": "从位置 {p} 出发", "en": "from position {p}"},
    "pe.similarity.matrix": {
        "zh": "例句各位置之间的点积",
        "en": "Dot products between the sentence's positions",
    },
    "pe.input.heading": {
        "zh": "词向量 + 位置编码 = 编码器的输入",
        "en": "Embedding + positional encoding = the encoder's input",
    },
    "pe.input.say1": {
        "zh": "「{word}」在源词表中的编号是 {id}；查训练好的词向量表，取出它那一行，乘以 √d_model。",
        "en": "“{word}” has id {id} in the source vocabulary; its row of the trained embedding "
              "table is scaled by √d_model.",
    },
    "pe.input.say2": {
        "zh": "再逐元素加上位置 {pos} 的编码，就得到第一个编码器层的输入。",
        "en": "Adding the encoding of position {pos}, element by element, gives the input of "
              "the first encoder layer.",
    },
    "pe.input.say3": {
        "zh": "位置编码只在这里加一次；残差连接把它一路带到后面的层。",
        "en": "The encoding is added only here, once; the residual connections carry it "
              "through the later layers.",
    },
    "pe.input.embedding": {"zh": "词向量 E[{word}] × √d_model", "en": "embedding E[{word}] × √d_model"},
    "pe.input.pe": {"zh": "+ 位置编码 PE({pos})", "en": "+ positional encoding PE({pos})"},
    "pe.input.x": {"zh": "= 编码器输入 x", "en": "= encoder input x"},
    "pe.input.lookup": {"zh": "{word} → 编号 {id}", "en": "{word} → id {id}"},
    "pe.input.shape": {
        "zh": "整句输入的形状 [{n} × {d}]",
        "en": "shape of the whole input [{n} × {d}]",
    },
}
