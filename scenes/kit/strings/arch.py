"""Strings of the architecture scene (topic prefix ``arch``)."""

STRINGS = {
    "arch.title": {"zh": "Transformer 整体架构", "en": "The Transformer Architecture"},
    "arch.subtitle": {
        "zh": "编码器—解码器：一句话从输入走到输出概率",
        "en": "Encoder–decoder: one sentence from the input to the output probabilities",
    },
    # ------------------------------------------------------------------ diagram texts
    "arch.d.inputs": {"zh": "输入（源语言句子）", "en": "Inputs (source sentence)"},
    "arch.d.outputs": {"zh": "输出（右移一位）", "en": "Outputs (shifted right)"},
    "arch.d.input_embedding": {"zh": "输入嵌入", "en": "Input Embedding"},
    "arch.d.output_embedding": {"zh": "输出嵌入", "en": "Output Embedding"},
    "arch.d.positional": {"zh": "位置编码", "en": "Positional\nEncoding"},
    "arch.d.self_attention": {"zh": "多头自注意力", "en": "Multi-Head Attention"},
    "arch.d.masked_attention": {"zh": "掩码多头自注意力", "en": "Masked Multi-Head Attention"},
    "arch.d.cross_attention": {"zh": "交叉注意力", "en": "Cross-Attention"},
    "arch.d.add_norm": {"zh": "Add & Norm", "en": "Add & Norm"},
    "arch.d.feed_forward": {"zh": "前馈网络", "en": "Feed Forward"},
    "arch.d.head": {"zh": "Linear + Softmax", "en": "Linear + Softmax"},
    "arch.d.probabilities": {"zh": "输出概率", "en": "Output probabilities"},
    "arch.d.times_left": {"zh": "{n} ×", "en": "{n} ×"},
    "arch.d.times_right": {"zh": "× {n}", "en": "× {n}"},
    "arch.d.encoder": {"zh": "编码器", "en": "Encoder"},
    "arch.d.decoder": {"zh": "解码器", "en": "Decoder"},
    # ------------------------------------------------------------------ 1 overview
    "arch.overview.heading": {"zh": "编码器—解码器结构", "en": "The encoder–decoder"},
    "arch.overview.say1": {
        "zh": "这是论文《Attention Is All You Need》中的 Transformer：左边是编码器，右边是解码器。",
        "en": "This is the Transformer of “Attention Is All You Need”: the encoder on the "
              "left, the decoder on the right.",
    },
    "arch.overview.say2": {
        "zh": "源句子的每个词先查词向量表，再加上位置编码，送进编码器。",
        "en": "Each word of the source sentence is looked up in the embedding table, the "
              "positional encoding is added, and the result enters the encoder.",
    },
    "arch.overview.say3": {
        "zh": "编码器层有两个子层：多头自注意力和前馈网络；每个子层后面是 Add & Norm，即残差相加再做层归一化。",
        "en": "An encoder layer has two sublayers, multi-head self-attention and a "
              "feed-forward network, each followed by Add & Norm: the residual sum, then "
              "layer normalisation.",
    },
    "arch.overview.say4": {
        "zh": "这样的层叠 N 层：本项目训练的小模型 N = {n}，论文的基础模型 N = {n_paper}。",
        "en": "N such layers are stacked: N = {n} in the small model trained here, "
              "N = {n_paper} in the paper's base model.",
    },
    "arch.overview.say5": {
        "zh": "解码器层有三个子层：掩码多头自注意力只看已经生成的词，交叉注意力查询编码器的输出，最后是前馈网络。",
        "en": "A decoder layer has three: masked multi-head self-attention sees only the "
              "words generated so far, cross-attention queries the encoder's output, then a "
              "feed-forward network.",
    },
    "arch.overview.say6": {
        "zh": "最后，线性层把向量映射到目标词表，Softmax 给出下一个词的概率。",
        "en": "Finally a linear layer maps the vector onto the target vocabulary, and softmax "
              "turns that into the probabilities of the next word.",
    },
    # ------------------------------------------------------------------ 2 encoder pass
    "arch.encoder.heading": {"zh": "真实的一次前向：编码器", "en": "A real pass: the encoder"},
    "arch.encoder.say1": {
        "zh": "把例句「{sentence}」送进训练好的模型；下面每个形状都来自模型的配置和真实的中间结果。",
        "en": "The sentence “{sentence}” goes through the trained model; every shape below "
              "comes from the model's config and its real intermediate results.",
    },
    "arch.encoder.say2": {
        "zh": "{n} 个词查表得到 {n} 个 {d} 维向量，乘以 √d_model，再加上位置编码：形状 [{n} × {d}]。",
        "en": "The {n} words become {n} vectors of {d} numbers, scaled by √d_model, plus the "
              "positional encoding: shape [{n} × {d}].",
    },
    "arch.encoder.say3": {
        "zh": "多头注意力把每个向量投影成 {h} 个头的 Q、K、V，每个头 {dk} 维；各头的结果拼接后回到 {d} 维。",
        "en": "Multi-head attention projects each vector to queries, keys and values in {h} "
              "heads of {dk} dimensions; the heads' results are concatenated back to {d}.",
    },
    "arch.encoder.say4": {
        "zh": "前馈网络先把每个位置扩展到 {dff} 维，再压回 {d} 维。",
        "en": "The feed-forward network widens each position to {dff} dimensions and "
              "projects it back to {d}.",
    },
    "arch.encoder.say5": {
        "zh": "一层的输出就是下一层的输入，形状始终是 [{n} × {d}]；这里共 {layers} 层。",
        "en": "Each layer's output is the next layer's input, always [{n} × {d}]; there are "
              "{layers} layers here.",
    },
    "arch.encoder.say6": {
        "zh": "编码器的输出是整句话的上下文表示，它将成为解码器交叉注意力的键和值。",
        "en": "The encoder's output, the whole sentence in context, will be the keys and "
              "values of the decoder's cross-attention.",
    },
    "arch.encoder.layer": {"zh": "第 {i} 层 / 共 {n} 层", "en": "layer {i} of {n}"},
    "arch.encoder.scaled": {"zh": "× √d_model", "en": "× √d_model"},
    "arch.encoder.memory": {"zh": "编码器输出 → K, V", "en": "encoder output → K, V"},
    # ------------------------------------------------------------------ 3 decoder pass
    "arch.decoder.heading": {
        "zh": "真实的一次前向：解码器的第一步",
        "en": "A real pass: the decoder's first step",
    },
    "arch.decoder.say1": {
        "zh": "编码器算完，剩下它的输出 [{n} × {d}]。解码器从起始符 <bos> 开始，输入只有一个位置：[{m} × {d}]。",
        "en": "The encoder is done; its output [{n} × {d}] stays. The decoder starts from "
              "<bos>, a single position: [{m} × {d}].",
    },
    "arch.decoder.say2": {
        "zh": "掩码自注意力只能看到当前和之前的位置；第一步只有 <bos> 自己。",
        "en": "Masked self-attention sees only the current and earlier positions; at the "
              "first step that is <bos> alone.",
    },
    "arch.decoder.say3": {
        "zh": "交叉注意力：查询 Q 来自解码器，[{m} × {d}]；键 K 和值 V 来自编码器输出，[{n} × {d}]。",
        "en": "Cross-attention: the queries come from the decoder, [{m} × {d}]; the keys and "
              "values from the encoder's output, [{n} × {d}].",
    },
    "arch.decoder.say4": {
        "zh": "经过 {layers} 个解码器层，线性层把 {d} 维映射到目标词表的 {v} 个词：[{m} × {v}]，Softmax 变成概率。",
        "en": "After {layers} decoder layers the linear layer maps {d} dimensions onto the "
              "{v} target words, [{m} × {v}], and softmax makes them probabilities.",
    },
    "arch.decoder.bos": {"zh": "<bos>", "en": "<bos>"},
    "arch.decoder.memory": {"zh": "编码器输出", "en": "encoder output"},
    # ------------------------------------------------------------------ 4 cross-attention
    "arch.cross.heading": {
        "zh": "编码器输出成为交叉注意力的 K 和 V",
        "en": "The encoder output becomes the keys and values",
    },
    "arch.cross.say1": {
        "zh": "这是最后一个解码器层的交叉注意力权重：在 {h} 个头里，查询 <bos> 分别有多关注源句的每个词；每行的权重之和为一。",
        "en": "These are the cross-attention weights of the last decoder layer: in each of the "
              "{h} heads, how much the query <bos> looks at each source word; every row adds "
              "up to one.",
    },
    "arch.cross.say2": {
        "zh": "{k} 个头最关注「{word}」，各头平均的权重是 {w}。",
        "en": "{k} of the heads look most at “{word}”; averaged over the heads its weight "
              "is {w}.",
    },
    "arch.cross.query": {"zh": "查询 Q：<bos>", "en": "query Q: <bos>"},
    "arch.cross.keys": {"zh": "键 K、值 V：编码器输出", "en": "keys K, values V: encoder output"},
    "arch.cross.heads": {"zh": "头", "en": "head"},
    "arch.cross.mean": {"zh": "平均", "en": "mean"},
    # ------------------------------------------------------------------ 5 output
    "arch.output.heading": {"zh": "第一步的输出分布", "en": "The first step's output distribution"},
    "arch.output.say1": {
        "zh": "Softmax 给目标词表的全部 {v} 个词各一个概率；这里是最高的 {k} 个。",
        "en": "Softmax gives each of the {v} target words a probability; here are the top "
              "{k}.",
    },
    "arch.output.say2": {
        "zh": "「{word}」的概率最高，为 {p}：贪心解码选它作为第一个词。",
        "en": "“{word}” is the most likely, at {p}: greedy decoding picks it as the first "
              "word.",
    },
    "arch.output.say3": {
        "zh": "把选中的词接到解码器输入后面，重复这一步，直到输出 <eos>：",
        "en": "Append the chosen word to the decoder's input and repeat until <eos> comes "
              "out:",
    },
    "arch.output.axis": {"zh": "p(第一个词 | 源句, <bos>)", "en": "p(first word | source, <bos>)"},
    "arch.output.greedy": {"zh": "贪心解码", "en": "greedy decoding"},
    # ------------------------------------------------------------------ 6 parameters
    "arch.params.heading": {"zh": "每个模块的参数量", "en": "Parameters per block"},
    "arch.params.say1": {
        "zh": "参数量只取决于配置：注意力有 W_Q、W_K、W_V、W_O 四个 d×d 矩阵和偏置，前馈网络有两层，每个 Add & Norm 有 γ 和 β。",
        "en": "The counts depend only on the config: attention has four d×d matrices W_Q, "
              "W_K, W_V, W_O with biases, the feed-forward network two layers, each "
              "Add & Norm its γ and β.",
    },
    "arch.params.say2": {
        "zh": "同样的公式用于论文的基础模型：共享的 {v} 词词表，输出层与词嵌入共用一个矩阵。",
        "en": "The same formulas for the paper's base model: one shared vocabulary of {v} "
              "tokens, and the output layer reuses the embedding matrix.",
    },
    "arch.params.say3": {
        "zh": "合计约 {paper} M，论文报告约 {quoted} M；论文没有给出明细，差距约 {gap} M，大概来自词表大小和总数的取整。结构相同，规模约是小模型的 {ratio} 倍。",
        "en": "In total about {paper} M; the paper reports about {quoted} M without a "
              "breakdown, a gap of about {gap} M, likely its rounding of the vocabulary and "
              "the total. Same structure, about {ratio} times the tiny model.",
    },
    "arch.params.block": {"zh": "模块", "en": "block"},
    "arch.params.tiny": {
        "zh": "小模型  d={d}, N={n}",
        "en": "tiny model  d={d}, N={n}",
    },
    "arch.params.paper": {
        "zh": "论文基础模型  d={d}, N={n}",
        "en": "paper base  d={d}, N={n}",
    },
    "arch.params.embeddings": {"zh": "词嵌入", "en": "Embeddings"},
    "arch.params.attention": {"zh": "多头注意力（每个）", "en": "Multi-head attention (each)"},
    "arch.params.ffn": {"zh": "前馈网络（每个）", "en": "Feed-forward (each)"},
    "arch.params.norm": {"zh": "Add & Norm（每个）", "en": "Add & Norm (each)"},
    "arch.params.encoder_layer": {"zh": "编码器层", "en": "Encoder layer"},
    "arch.params.encoder": {"zh": "编码器（N 层）", "en": "Encoder (N layers)"},
    "arch.params.decoder_layer": {"zh": "解码器层", "en": "Decoder layer"},
    "arch.params.decoder": {"zh": "解码器（N 层）", "en": "Decoder (N layers)"},
    "arch.params.generator": {"zh": "Linear 输出层", "en": "Linear (output)"},
    "arch.params.total": {"zh": "合计", "en": "Total"},
    "arch.params.million": {"zh": "M", "en": "M"},
    "arch.params.note_tiny": {
        "zh": "小模型：源、目标词表各自的嵌入（{v_src} 和 {v_tgt} 词），输出层独立",
        "en": "tiny: separate source and target embeddings ({v_src} and {v_tgt} words), "
              "its own output layer",
    },
    "arch.params.note_paper": {
        "zh": "论文：共享 {v} 词的词表，输出层复用嵌入矩阵（不另计）",
        "en": "paper: one shared {v}-token vocabulary, the output layer reuses the embedding "
              "(not counted twice)",
    },
    "arch.params.note_quoted": {
        "zh": "论文报告的基础模型参数量约 {quoted} M",
        "en": "the paper reports about {quoted} M for the base model",
    },
    # ------------------------------------------------------------------ shapes
    "arch.qkv": {"zh": "Q, K, V", "en": "Q, K, V"},
    "arch.q": {"zh": "Q", "en": "Q"},
    "arch.kv": {"zh": "K, V", "en": "K, V"},
    "arch.to": {"zh": "→", "en": "→"},
    "arch.encoder.ids": {"zh": "编号", "en": "ids"},
    "arch.shape": {"zh": "[{a} × {b}]", "en": "[{a} × {b}]"},
    "arch.shape_heads": {"zh": "{h} × [{a} × {b}]", "en": "{h} × [{a} × {b}]"},
}
