"""Strings of the self-attention scene (topic prefix ``sa``)."""

STRINGS = {
    "sa.title": {"zh": "自注意力 Self-Attention", "en": "Self-Attention"},
    "sa.subtitle": {
        "zh": "一个注意力头的四步计算，每个数都来自训练好的模型",
        "en": "The four steps of one attention head, every number from the trained model",
    },
    # ------------------------------------------------------------------ the file cabinet
    "sa.cabinet.heading": {
        "zh": "直观理解：在文件柜里查资料",
        "en": "The intuition: searching a file cabinet",
    },
    "sa.cabinet.say1": {
        "zh": "先打个比方：自注意力就像在文件柜里查资料。",
        "en": "An analogy first: self-attention is like searching a file cabinet.",
    },
    "sa.cabinet.say2": {
        "zh": "查询 Query 是你手上写着主题的便签；键 Key 是文件夹上的标签；值 Value 是文件夹里的内容。",
        "en": "The query is the note in your hand with the topic on it; the keys are the folder "
              "labels; the values are what the folders contain.",
    },
    "sa.cabinet.say3": {
        "zh": "你不是只挑一个文件夹，而是按标签和便签的匹配程度，从每个文件夹里各取一部分内容，混在一起。",
        "en": "You don't pick just one folder: you take some of every folder's contents, more "
              "where the label matches the note better, and mix them.",
    },
    "sa.cabinet.say4": {
        "zh": "这里的比例，就是后面要从训练好的模型里算出来的真实权重。每个词都同时扮演这三种角色。",
        "en": "These proportions are the real weights we are about to compute from the trained "
              "model. Every word plays all three roles at once.",
    },
    "sa.cabinet.note_title": {"zh": "查询 Query", "en": "Query"},
    "sa.cabinet.note": {"zh": "便签：「{word}」在找什么？", "en": "note: what is “{word}” looking for?"},
    "sa.cabinet.keys": {"zh": "键 Key：文件夹上的标签", "en": "Key: the label on a folder"},
    "sa.cabinet.values": {"zh": "值 Value：文件夹里的内容", "en": "Value: what the folder holds"},
    "sa.cabinet.mix": {"zh": "取出的混合内容", "en": "the mix you take out"},
    # ------------------------------------------------------------------ input X
    "sa.input.heading": {
        "zh": "输入 X：词向量 + 位置编码",
        "en": "The input X: embedding + positional encoding",
    },
    "sa.input.say1": {
        "zh": "例句有 {n} 个词；每个词是一个 {d} 维向量：词向量乘以 √d_model，再加上位置编码。",
        "en": "The sentence has {n} words; each is a vector of {d} numbers: its embedding times "
              "√d_model, plus the positional encoding.",
    },
    "sa.input.say2": {
        "zh": "我们看第一个编码器层的注意力头 {head}。模型共有 {heads} 个头，每个头的宽度 d_k = {d_k}。",
        "en": "We follow attention head {head} of the first encoder layer. The model has {heads} "
              "heads, each of width d_k = {d_k}.",
    },
    "sa.input.shape": {"zh": "X 的形状 [{n} × {d}]", "en": "shape of X [{n} × {d}]"},
    "sa.input.head": {
        "zh": "第一个编码器层 · 注意力头 {head}",
        "en": "first encoder layer · attention head {head}",
    },
    # ------------------------------------------------------------------ W_Q, W_K, W_V
    "sa.proj.heading": {
        "zh": "每个头自己的投影矩阵",
        "en": "Each head's own projection matrices",
    },
    "sa.proj.say1": {
        "zh": "这一层的 W_Q、W_K、W_V 都是 {d} × {d} 的可学习矩阵，由训练得到。",
        "en": "This layer's W_Q, W_K and W_V are learnable {d} × {d} matrices, found by "
              "training.",
    },
    "sa.proj.say2": {
        "zh": "注意力头 {head} 只用其中第 {lo} 到第 {hi} 列：每个头 d_k = {d_k} 列。",
        "en": "Head {head} uses only columns {lo} to {hi} of each: d_k = {d_k} columns per head.",
    },
    "sa.proj.say3": {
        "zh": "取出来就是三个 {d} × {d_k} 的矩阵，再加上各自的偏置 b。",
        "en": "That gives three {d} × {d_k} matrices, each with its bias b.",
    },
    "sa.proj.full_shape": {"zh": "[{d} × {d}]", "en": "[{d} × {d}]"},
    "sa.proj.slice": {"zh": "第 {lo}–{hi} 列", "en": "columns {lo}–{hi}"},
    "sa.proj.slice_shape": {"zh": "[{d} × {d_k}]", "en": "[{d} × {d_k}]"},
    # ------------------------------------------------------------------ step 1: Q, K, V
    "sa.qkv.heading": {"zh": "第一步：生成 Q、K、V", "en": "Step one: Q, K and V"},
    "sa.qkv.say1": {
        "zh": "每个词的向量乘以 W_Q、W_K、W_V，再加上偏置，得到它的查询 q、键 k 和值 v。",
        "en": "Each word's vector times W_Q, W_K and W_V, plus the biases, gives its query q, "
              "key k and value v.",
    },
    "sa.qkv.say2": {
        "zh": "三个矩阵都是 {n} × {d_k}：每一行属于一个词。",
        "en": "All three are {n} × {d_k}: one row per word.",
    },
    "sa.qkv.shape": {"zh": "[{n} × {d_k}]", "en": "[{n} × {d_k}]"},
    "sa.qkv.row": {"zh": "框出的是「{word}」的 q、k、v", "en": "framed: q, k and v of “{word}”"},
    # ------------------------------------------------------------------ step 2: scores
    "sa.scores.heading": {
        "zh": "第二步：注意力分数",
        "en": "Step two: attention scores",
    },
    "sa.scores.say1": {
        "zh": "词 i 的查询和词 j 的键做点积，就是 i 对 j 的分数；再除以 √d_k，防止点积太大让 softmax 不稳定。",
        "en": "Word i's query dotted with word j's key is i's score for j; dividing by √d_k "
              "keeps large dot products from making the softmax unstable.",
    },
    "sa.scores.say2": {
        "zh": "例如「{a}」看「{b}」：点积是 {dot}，除以 {scale}，分数是 {s}。",
        "en": "For example “{a}” looking at “{b}”: the dot product is {dot}, divided by {scale} "
              "the score is {s}.",
    },
    "sa.scores.say3": {
        "zh": "每一对词都这样算，得到 {n} × {n} 的分数矩阵：行是查询，列是键。",
        "en": "Every pair of words gives an {n} × {n} score matrix: rows are queries, columns "
              "are keys.",
    },
    "sa.scores.worked": {
        "zh": "q「{a}」· k「{b}」= {dot}      {dot} ÷ {scale} = {s}",
        "en": "q(“{a}”) · k(“{b}”) = {dot}      {dot} ÷ {scale} = {s}",
    },
    # ------------------------------------------------------------------ step 3: softmax
    "sa.softmax.heading": {
        "zh": "第三步：Softmax 逐行归一化",
        "en": "Step three: softmax, row by row",
    },
    "sa.softmax.say1": {
        "zh": "softmax 对每一行单独计算：先取指数，再除以这一行指数的总和。",
        "en": "The softmax works on each row alone: take the exponentials, then divide by "
              "their sum.",
    },
    "sa.softmax.say2": {
        "zh": "「{word}」这一行：指数之和是 {total}；每个指数除以它，就是权重，权重加起来是 {one}。",
        "en": "The row of “{word}”: the exponentials add up to {total}; each divided by it is a "
              "weight, and the weights add up to {one}.",
    },
    "sa.softmax.say3": {
        "zh": "每一行都这样归一化，就得到注意力权重矩阵。",
        "en": "Normalising every row this way gives the attention weights.",
    },
    "sa.softmax.row": {"zh": "「{word}」这一行", "en": "the row of “{word}”"},
    "sa.softmax.key": {"zh": "键", "en": "key"},
    # ------------------------------------------------------------------ the weights
    "sa.weights.heading": {
        "zh": "注意力权重热力图",
        "en": "The attention weights as a heatmap",
    },
    "sa.weights.say1": {
        "zh": "行是发出查询的词，列是被关注的词；颜色越深，权重越大。",
        "en": "Rows are the words asking, columns the words attended to; the stronger the "
              "colour, the larger the weight.",
    },
    "sa.weights.say2": {
        "zh": "在这个头里，「{a}」最关注「{b}」，权重 {w}。右边的 Σ 是每一行的和。",
        "en": "In this head “{a}” attends most to “{b}”, with weight {w}. Σ on the right is each row's sum.",
    },
    "sa.weights.rows": {"zh": "查询 Query ↓", "en": "query ↓"},
    "sa.weights.cols": {"zh": "键 Key →", "en": "key →"},
    "sa.weights.strongest": {"zh": "最关注「{b}」", "en": "attends most to “{b}”"},
    # ------------------------------------------------------------------ step 4: weighted sum
    "sa.output.heading": {
        "zh": "第四步：对 V 加权求和",
        "en": "Step four: the weighted sum of V",
    },
    "sa.output.say1": {
        "zh": "「{word}」的新向量：每个词的值 v 乘以「{word}」给它的权重，再全部相加。",
        "en": "The new vector of “{word}”: every word's value v times the weight “{word}” gives "
              "it, all added up.",
    },
    "sa.output.say2": {
        "zh": "权重大的词贡献多，权重小的几乎不贡献。",
        "en": "Words with large weights contribute a lot, those with small weights almost "
              "nothing.",
    },
    "sa.output.say3": {
        "zh": "对每个词都这样做：Z = 权重 × V，仍是 {n} × {d_k}，但每一行都融合了整句的上下文。",
        "en": "Doing this for every word gives Z = weights × V, still {n} × {d_k}, but every row "
              "now mixes in the context of the whole sentence.",
    },
    "sa.output.say4": {
        "zh": "{heads} 个头各自算出这样的结果，拼接起来再乘以 W_O，这就是多头注意力。",
        "en": "Each of the {heads} heads computes such a result; concatenated and multiplied by "
              "W_O they form multi-head attention.",
    },
    "sa.output.sum": {"zh": "相加", "en": "sum"},
    "sa.output.new": {"zh": "「{word}」的新向量 z", "en": "new vector z of “{word}”"},
    "sa.output.context": {
        "zh": "每个词得到融合了上下文的新表示",
        "en": "every word gets a new representation that mixes in its context",
    },
    # ------------------------------------------------------------------ the formula
    "sa.formula.heading": {
        "zh": "合起来：注意力公式",
        "en": "Put together: the attention formula",
    },
    "sa.formula.say1": {
        "zh": "把四步连起来，就是论文里的公式。",
        "en": "The four steps together are the paper's formula.",
    },
    "sa.formula.say2": {
        "zh": "Q 乘以 K 的转置，再除以 √d_k，得到分数；这里 d_k = {d_k}，√d_k = {scale}。",
        "en": "Q times K transposed, divided by √d_k, gives the scores; here d_k = {d_k} and "
              "√d_k = {scale}.",
    },
    "sa.formula.say3": {
        "zh": "softmax 把每行分数变成权重。",
        "en": "The softmax turns each row of scores into weights.",
    },
    "sa.formula.say4": {
        "zh": "权重对 V 加权求和，就是每个词的新向量。",
        "en": "The weights sum up V: the new vector of every word.",
    },
    "sa.formula.scores": {"zh": "分数 scores", "en": "scores"},
    "sa.formula.weights": {"zh": "注意力权重 weights", "en": "attention weights"},
    "sa.formula.values": {"zh": "值 values", "en": "values"},
    "sa.formula.output": {"zh": "每个词的新向量 Z", "en": "every word's new vector Z"},
}
