"""Strings of the multi-head attention scene (topic prefix ``mha``)."""

STRINGS = {
    "mha.title": {"zh": "多头注意力 Multi-Head Attention", "en": "Multi-Head Attention"},
    "mha.subtitle": {
        "zh": "几个小注意力并行，各看各的：真实模型里的每一个头",
        "en": "Several small attentions side by side: every head of a real model",
    },
    "mha.head": {"zh": "头 {k}", "en": "head {k}"},
    # ------------------------------------------------------------------ split
    "mha.split.heading": {
        "zh": "把 d_model 切成几个头",
        "en": "Splitting d_model into heads",
    },
    "mha.split.say1": {
        "zh": "多头注意力不是一个大注意力，而是 {h} 个并行的小注意力。例句：{sentence}。",
        "en": "Multi-head attention is not one big attention but {h} small ones side by side. "
              "The example: {sentence}.",
    },
    "mha.split.say2": {
        "zh": "输入 X 分别乘 W_Q、W_K、W_V，得到 Q、K、V，形状都是 {n} × {d}。",
        "en": "The input X is multiplied by W_Q, W_K and W_V, giving Q, K and V, each {n} × {d}.",
    },
    "mha.split.say3": {
        "zh": "再把 {d} 列切成 {h} 块，每块 d_k = {d_k} 列：每个头只用自己的那一块。",
        "en": "Then the {d} columns are cut into {h} blocks of d_k = {d_k}: each head uses only "
              "its own block.",
    },
    "mha.split.x": {
        "zh": "输入 X（词向量 + 位置编码）  {n} × {d}",
        "en": "input X (embedding + position)  {n} × {d}",
    },
    "mha.split.proj": {"zh": "{name} = X W_{name}", "en": "{name} = X W_{name}"},
    "mha.split.dims": {
        "zh": "d_model = {d} = {h} 个头 × d_k = {d_k}",
        "en": "d_model = {d} = {h} heads × d_k = {d_k}",
    },
    # ------------------------------------------------------------------ patterns
    "mha.patterns.heading": {
        "zh": "每个头的真实注意力权重",
        "en": "Every head's real attention weights",
    },
    "mha.patterns.say1": {
        "zh": "训练好的模型读这句话时，编码器第 {layer} 层的 {h} 个头，各自算出一张 {n} × {n} "
              "的权重表。",
        "en": "As the trained model reads the sentence, each of the {h} heads of encoder layer "
              "{layer} computes its own {n} × {n} table of weights.",
    },
    "mha.patterns.say2": {
        "zh": "每一行是一个词作为查询，在各个词上的权重，加起来等于 {total}。颜色越亮，权重越大。",
        "en": "Each row is one word as the query, spread over the words it reads; a row adds up "
              "to {total}. The brighter, the larger the weight.",
    },
    "mha.patterns.say3": {
        "zh": "同一句话，{h} 个头看的地方各不相同。",
        "en": "Same sentence, and the {h} heads look at different places.",
    },
    "mha.patterns.rows": {"zh": "行：查询", "en": "rows: queries"},
    "mha.patterns.cols": {"zh": "列：键", "en": "columns: keys"},
    "mha.patterns.layer": {
        "zh": "编码器第 {layer} 层",
        "en": "encoder layer {layer}",
    },
    # ------------------------------------------------------------------ links
    "mha.links.heading": {
        "zh": "每个头最强的连接",
        "en": "Each head's strongest link",
    },
    "mha.links.say1": {
        "zh": "在每张表里找最大的权重，但不算对角线：一个词看自己，不是两个词之间的连接。",
        "en": "In each table, find the largest weight off the diagonal: a word reading itself "
              "is not a link between two words.",
    },
    "mha.links.say2": {
        "zh": "最强的一条在头 {head}：「{q}」把 {w} 的注意力放在「{k}」上。",
        "en": "The strongest of all is in head {head}: “{q}” puts {w} of its attention on “{k}”.",
    },
    "mha.links.link": {"zh": "{q} → {k}  {w}", "en": "{q} → {k}  {w}"},
    # ------------------------------------------------------------------ roles
    "mha.roles.heading": {
        "zh": "每个头在做什么：只说算出来的",
        "en": "What each head does: only what is computed",
    },
    "mha.roles.say1": {
        "zh": "笔记的示意图给头贴上「语法关系」「语义关系」「长距离依赖」这样的名字。",
        "en": "The notes' sketch names heads “syntax”, “semantics”, “long-range”.",
    },
    "mha.roles.say2": {
        "zh": "这些名字要算出来才能说。这里每个头只报三件事：最强的连接、平均最常看的词、平均看多远。",
        "en": "Such names must be computed before they are claimed. Here each head reports three "
              "things: its strongest link, the word it reads most on average, and how far it looks.",
    },
    "mha.roles.say3": {
        "zh": "头 {far} 看得最远，平均 {far_d} 个位置；头 {near} 最近，平均 {near_d} 个位置。",
        "en": "Head {far} looks farthest, {far_d} positions on average; head {near} nearest, "
              "{near_d} positions.",
    },
    "mha.roles.say4": {
        "zh": "这个小模型只学过翻译：这些数字说明各个头分工不同，但不足以给它们起语法或语义的名字。",
        "en": "This small model only learned to translate: the numbers show the heads divide the "
              "work, but they do not justify names such as syntax or semantics.",
    },
    "mha.roles.col_head": {"zh": "头", "en": "head"},
    "mha.roles.col_link": {"zh": "最强连接（对角线外）", "en": "strongest link (off-diagonal)"},
    "mha.roles.col_read": {"zh": "平均最常看的词", "en": "word read most on average"},
    "mha.roles.col_dist": {"zh": "平均距离（位置）", "en": "mean distance (positions)"},
    "mha.roles.link": {"zh": "{q} → {k}  {w}", "en": "{q} → {k}  {w}"},
    "mha.roles.read": {"zh": "{k}  {r}", "en": "{k}  {r}"},
    # ------------------------------------------------------------------ concat
    "mha.concat.heading": {
        "zh": "拼接 Concat，再乘 W_O",
        "en": "Concat, then W_O",
    },
    "mha.concat.say1": {
        "zh": "每个头用自己的权重对自己的 V 加权求和，得到一个 {n} × {d_k} 的结果。",
        "en": "Each head takes the weighted sum of its own V with its own weights: an {n} × {d_k} "
              "result.",
    },
    "mha.concat.say2": {
        "zh": "把 {h} 个结果并排拼起来，又回到 {n} × {d}。",
        "en": "Put the {h} results side by side: back to {n} × {d}.",
    },
    "mha.concat.say3": {
        "zh": "再乘一个 {d} × {d} 的矩阵 W_O，把各个头的信息混合起来。",
        "en": "Then a {d} × {d} matrix W_O mixes what the heads found.",
    },
    "mha.concat.say4": {
        "zh": "输出的形状和输入 X 完全一样，都是 {n} × {d}：可以直接做残差相加，再进入下一层。",
        "en": "The output has exactly the input's shape, {n} × {d}: it can be added to X "
              "(the residual) and passed to the next layer.",
    },
    "mha.concat.head_out": {"zh": "各头输出  {n} × {d_k}", "en": "head outputs  {n} × {d_k}"},
    "mha.concat.concat": {"zh": "Concat  {n} × {d}", "en": "Concat  {n} × {d}"},
    "mha.concat.w_o": {"zh": "W_O  {d} × {d}", "en": "W_O  {d} × {d}"},
    "mha.concat.out": {"zh": "输出  {n} × {d}", "en": "output  {n} × {d}"},
    "mha.concat.x": {"zh": "输入 X  {n} × {d}", "en": "input X  {n} × {d}"},
    "mha.concat.same": {"zh": "形状相同", "en": "same shape"},
    # ------------------------------------------------------------------ cost
    "mha.cost.heading": {
        "zh": "代价：h 个小头 = 一个大头",
        "en": "Cost: h small heads = one full head",
    },
    "mha.cost.say1": {
        "zh": "{h} 个宽 {d_k} 的头，比一个宽 {d} 的头贵吗？按这句话的 {n} 个词来数。",
        "en": "Do {h} heads of width {d_k} cost more than one head of width {d}? Count it for the "
              "{n} words of this sentence.",
    },
    "mha.cost.say2": {
        "zh": "参数：每个头的 W_Q、W_K、W_V 只有 {d_k} 列，{h} 个头加起来正好是 {d} 列。",
        "en": "Parameters: each head's W_Q, W_K, W_V have only {d_k} columns; {h} heads add up "
              "to exactly {d}.",
    },
    "mha.cost.say3": {
        "zh": "乘加次数也一样：每个头的 QK^T 和加权求和只在 {d_k} 维上做，{h} 个头合起来就是 {d} 维。",
        "en": "Multiply-adds too: each head's QK^T and weighted sum work in {d_k} dimensions; "
              "{h} heads together make {d}.",
    },
    "mha.cost.say4": {
        "zh": "唯一多出来的是 softmax：{split} 次指数运算对 {full} 次，和 {macs} 次乘加相比很少。",
        "en": "Only the softmax grows: {split} exponentials instead of {full}, small next to "
              "{macs} multiply-adds.",
    },
    "mha.cost.col_split": {
        "zh": "{h} 个头 × d_k = {d_k}",
        "en": "{h} heads × d_k = {d_k}",
    },
    "mha.cost.col_full": {
        "zh": "{one} 个头 × d = {d}",
        "en": "{one} head × d = {d}",
    },
    "mha.cost.eq_params": {
        "zh": "一个投影矩阵（W_Q、W_K 或 W_V）的权重：",
        "en": "weights of one projection (W_Q, W_K or W_V):",
    },
    "mha.cost.eq_scores": {"zh": "QK^T 的乘加：", "en": "multiply-adds of QK^T:"},
    "mha.cost.params_qkv": {"zh": "参数 W_Q, W_K, W_V（含偏置）", "en": "parameters W_Q, W_K, W_V (+ bias)"},
    "mha.cost.params_o": {"zh": "参数 W_O（含偏置）", "en": "parameters W_O (+ bias)"},
    "mha.cost.macs_qkv": {"zh": "乘加 Q, K, V 投影", "en": "multiply-adds Q, K, V"},
    "mha.cost.macs_scores": {"zh": "乘加 QK^T", "en": "multiply-adds QK^T"},
    "mha.cost.macs_weighted": {"zh": "乘加 加权求和 AV", "en": "multiply-adds weighted sum AV"},
    "mha.cost.macs_o": {"zh": "乘加 输出投影 W_O", "en": "multiply-adds output W_O"},
    "mha.cost.params": {"zh": "参数合计", "en": "parameters, total"},
    "mha.cost.macs": {"zh": "乘加合计", "en": "multiply-adds, total"},
    "mha.cost.softmax": {"zh": "softmax 指数运算", "en": "softmax exponentials"},
    # ------------------------------------------------------------------ mask
    "mha.mask.heading": {
        "zh": "解码器：带掩码的自注意力 Masked Self-Attention",
        "en": "Decoder: masked self-attention",
    },
    "mha.mask.say1": {
        "zh": "解码器一个词一个词地生成译文：位置 i 只能看它自己和前面的词，不能偷看后面的答案。",
        "en": "The decoder writes the translation word by word: position i may read itself and "
              "the words before it, never the answer ahead.",
    },
    "mha.mask.say2": {
        "zh": "模型自己的翻译是「{translation}」。前面加上 <bos>，整句送进解码器。",
        "en": "The model's own translation is “{translation}”. With <bos> in front, the whole "
              "line goes into the decoder.",
    },
    "mha.mask.say3": {
        "zh": "掩码在分数上加 −∞：对角线以上的位置，softmax 之后权重正好为零。",
        "en": "The mask adds −∞ to the scores above the diagonal, so after the softmax their "
              "weights are exactly zero.",
    },
    "mha.mask.say4": {
        "zh": "这是解码器第 {layer} 层、头 {head} 的真实权重：第一行只能看 <bos> 自己，权重是 {first}。",
        "en": "These are the real weights of decoder layer {layer}, head {head}: the first row "
              "can only read <bos> itself, with weight {first}.",
    },
    "mha.mask.mask": {"zh": "因果掩码：✓ 可见，−∞ 屏蔽", "en": "causal mask: ✓ visible, −∞ masked"},
    "mha.mask.weights": {
        "zh": "解码器第 {layer} 层  头 {head}  的权重",
        "en": "weights of decoder layer {layer}, head {head}",
    },
    "mha.mask.zeros": {
        "zh": "对角线以上：精确的零（不是四舍五入）",
        "en": "above the diagonal: exact zeros (not rounded)",
    },
    # ------------------------------------------------------------------ all masked heads
    "mha.masked_heads.heading": {
        "zh": "每个头都遵守掩码",
        "en": "Every head keeps to the mask",
    },
    "mha.masked_heads.say1": {
        "zh": "解码器这一层的 {h} 个头，模式各不相同，但都只在下三角里。",
        "en": "The {h} heads of this decoder layer differ, but all stay in the lower triangle.",
    },
    "mha.masked_heads.say2": {
        "zh": "所以训练时可以把整句一次送进解码器，所有位置并行计算，又不会泄露后面的词。",
        "en": "So in training the whole line goes in at once, every position is computed in "
              "parallel, and no later word leaks.",
    },
    "mha.masked_heads.max": {
        "zh": "{h} 个头对角线以上的最大权重 = {max}",
        "en": "largest weight above the diagonal in all {h} heads = {max}",
    },
}
