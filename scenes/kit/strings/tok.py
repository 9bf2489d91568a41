"""Strings of the tokenization scene (topic prefix ``tok``)."""

STRINGS = {
    "tok.title": {"zh": "词元与嵌入 Tokens & Embeddings", "en": "Tokens and embeddings"},
    "tok.subtitle": {
        "zh": "从一句话到编码器的输入矩阵",
        "en": "From a sentence to the encoder's input matrix",
    },
    # ------------------------------------------------------------------ split
    "tok.split.heading": {"zh": "句子 → 词元", "en": "Sentence → tokens"},
    "tok.split.say1": {
        "zh": "模型读不了文字，先要把句子切成一个个词元（token）。",
        "en": "A model cannot read text: first the sentence is cut into tokens.",
    },
    "tok.split.say2": {
        "zh": "我们的小模型按词切分：语料里的词已用空格隔开，切出 {n} 个词元。",
        "en": "Our tiny model is word-level: the corpus separates words by spaces, which gives "
              "{n} tokens.",
    },
    "tok.split.say3": {
        "zh": "大模型常用子词切分（如 BPE），道理相同：先切分，再查表。",
        "en": "Large models split into sub-words (BPE, for example), but the idea is the same: "
              "split, then look up.",
    },
    "tok.split.sentence": {"zh": "句子", "en": "sentence"},
    "tok.split.tokenizer": {"zh": "按空格切分（词级）", "en": "split at spaces (word-level)"},
    "tok.split.count": {"zh": "{n} 个词元", "en": "{n} tokens"},
    # ------------------------------------------------------------------ ids
    "tok.ids.heading": {"zh": "词元 → id：查词表", "en": "Tokens → ids: the vocabulary"},
    "tok.ids.say1": {
        "zh": "词表是一张列表，每个词的 id 就是它在表里的序号。",
        "en": "The vocabulary is a list; a token's id is its position in the list.",
    },
    "tok.ids.say2": {
        "zh": "「{word}」的 id 是 {id}。整句变成一串 id。",
        "en": "\"{word}\" has id {id}. The sentence becomes a list of ids.",
    },
    "tok.ids.say3": {
        "zh": "源语言（中文）词表有 {v_src} 个词元，目标语言（英文）词表有 {v_tgt} 个。",
        "en": "The source (Chinese) vocabulary holds {v_src} tokens, the target (English) one "
              "{v_tgt}.",
    },
    "tok.ids.vocab": {"zh": "源语言词表（片段）", "en": "source vocabulary (a slice)"},
    "tok.ids.id": {"zh": "id", "en": "id"},
    "tok.ids.token": {"zh": "词元", "en": "token"},
    "tok.ids.sizes": {
        "zh": "源词表 {v_src} 个 · 目标词表 {v_tgt} 个",
        "en": "source vocabulary: {v_src} · target vocabulary: {v_tgt}",
    },
    # ------------------------------------------------------------------ specials
    "tok.specials.heading": {"zh": "特殊词元", "en": "Special tokens"},
    "tok.specials.say1": {
        "zh": "两个词表的开头都是同样的特殊词元：填充、开始、结束、未知。",
        "en": "Both vocabularies start with the same special tokens: padding, begin, end, "
              "unknown.",
    },
    "tok.specials.say2": {
        "zh": "编码器的输入只有句子里的词，不加 <bos> 和 <eos>。",
        "en": "The encoder's input is just the sentence's words, without <bos> or <eos>.",
    },
    "tok.specials.say3": {
        "zh": "解码器才用它们：输入是 <bos> 加译文「{en}」，要预测的输出是译文加 <eos>。",
        "en": "The decoder uses them: its input is <bos> plus the translation \"{en}\", the "
              "output it must predict is the translation plus <eos>.",
    },
    "tok.specials.names": {
        "zh": "填充 · 开始 · 结束 · 未知",
        "en": "padding · begin · end · unknown",
    },
    "tok.specials.encoder_in": {"zh": "编码器输入", "en": "encoder input"},
    "tok.specials.decoder_in": {"zh": "解码器输入", "en": "decoder input"},
    "tok.specials.decoder_out": {"zh": "解码器输出", "en": "decoder output"},
    "tok.specials.src": {"zh": "（源词表 id）", "en": "(source ids)"},
    "tok.specials.tgt": {"zh": "（目标词表 id）", "en": "(target ids)"},
    # ------------------------------------------------------------------ table
    "tok.table.heading": {"zh": "嵌入表：每个 id 取一行", "en": "The embedding table: one row per id"},
    "tok.table.say1": {
        "zh": "嵌入表 E 有 {v} 行、{d} 列：每个词元一行，每行是一个 {d} 维向量。",
        "en": "The embedding table E has {v} rows and {d} columns: one row per token, a "
              "{d}-dimensional vector each.",
    },
    "tok.table.say2": {
        "zh": "id 就是行号：取出这 {n} 行，就是句子的词向量。",
        "en": "An id is a row number: the {n} rows it selects are the sentence's word vectors.",
    },
    "tok.table.say3": {
        "zh": "这 {count} 个数都是训练学出来的。右边是选中各行的前几个数。",
        "en": "All {count} numbers were learned in training. On the right: the first numbers of "
              "each selected row.",
    },
    "tok.table.shape": {"zh": "E：{v} × {d}", "en": "E: {v} × {d}"},
    "tok.table.axes": {"zh": "行 = 词元 id，列 = d_model", "en": "rows = token ids, columns = d_model"},
    "tok.table.rows": {"zh": "E[ids]：{n} × {d}", "en": "E[ids]: {n} × {d}"},
    # ------------------------------------------------------------------ onehot
    "tok.onehot.heading": {"zh": "为什么用 id：查表 = one-hot × 矩阵", "en": "Why ids: a lookup is one-hot × matrix"},
    "tok.onehot.say1": {
        "zh": "网络只会做数值运算。把 id 写成 one-hot 向量：长 {v}，只有第 {id} 位是一。",
        "en": "A network only computes with numbers. Write the id as a one-hot vector: length "
              "{v}, a one at position {id} only.",
    },
    "tok.onehot.say2": {
        "zh": "one-hot 向量乘嵌入表，恰好取出第 {id} 行：与查表的最大差异是 {diff}。",
        "en": "The one-hot vector times the table picks out exactly row {id}: the largest "
              "difference from the lookup is {diff}.",
    },
    "tok.onehot.say3": {
        "zh": "所以嵌入层就是一个没有偏置的线性层；查表只是省掉了乘零的计算。",
        "en": "So the embedding is a linear layer without bias; the lookup just skips the "
              "multiplications by zero.",
    },
    "tok.onehot.vector": {"zh": "one-hot（「{word}」，id {id}）", "en": "one-hot (\"{word}\", id {id})"},
    "tok.onehot.product": {"zh": "one-hot · E", "en": "one-hot · E"},
    "tok.onehot.lookup": {"zh": "E[{id}]", "en": "E[{id}]"},
    "tok.onehot.diff": {"zh": "最大差异 {diff}", "en": "largest difference {diff}"},
    # ------------------------------------------------------------------ scale
    "tok.scale.heading": {"zh": "乘以 √d_model", "en": "Times √d_model"},
    "tok.scale.say1": {
        "zh": "论文把词向量乘以 √d_model：这里 d_model = {d}，因子是 {s}。",
        "en": "The paper multiplies the word vectors by √d_model: here d_model = {d}, a factor "
              "of {s}.",
    },
    "tok.scale.say2": {
        "zh": "嵌入表的数很小（均方根 {before}），放大后是 {after}，和位置编码的 {pe} 差不多大。",
        "en": "The table's numbers are small (RMS {before}); scaled they reach {after}, about "
              "as large as the positional encoding's {pe}.",
    },
    "tok.scale.rows": {"zh": "E[ids]", "en": "E[ids]"},
    "tok.scale.scaled": {"zh": "E[ids] · √d_model", "en": "E[ids] · √d_model"},
    "tok.scale.rms": {"zh": "均方根 {rms}", "en": "RMS {rms}"},
    # ------------------------------------------------------------------ position
    "tok.position.heading": {"zh": "加上位置编码 = 编码器的输入", "en": "Plus positional encoding = the encoder's input"},
    "tok.position.say1": {
        "zh": "再加上位置编码 PE，每个位置一行，告诉模型词的顺序。",
        "en": "Then the positional encoding PE is added, one row per position: it tells the "
              "model the word order.",
    },
    "tok.position.say2": {
        "zh": "结果 X 是 {n} × {d} 的矩阵：这就是第一层编码器的输入。",
        "en": "The result X is an {n} × {d} matrix: the input of the first encoder layer.",
    },
    "tok.position.scaled": {"zh": "E[ids] · √d_model", "en": "E[ids] · √d_model"},
    "tok.position.pe": {"zh": "PE（位置编码）", "en": "PE (positional encoding)"},
    "tok.position.x": {"zh": "X：{n} × {d}", "en": "X: {n} × {d}"},
    "tok.position.encoder": {"zh": "编码器", "en": "Encoder"},
    # ------------------------------------------------------------------ unknown
    "tok.unknown.heading": {"zh": "词表里没有的词", "en": "A word the vocabulary does not know"},
    "tok.unknown.say1": {
        "zh": "换一句：「{sentence}」。「{word}」不在源词表的 {v} 个词元里。",
        "en": "Another sentence: \"{sentence}\". \"{word}\" is not among the {v} tokens of the "
              "source vocabulary.",
    },
    "tok.unknown.say2": {
        "zh": "我们的分词器不会悄悄换成 <unk>，而是直接报错，并给出相近的已知词。",
        "en": "Our tokenizer does not quietly use <unk>: it stops with an error and names close "
              "known words.",
    },
    "tok.unknown.say3": {
        "zh": "相近的已知词是「{close}」。词表是训练时定下的：没见过的词，模型就没有它的向量。",
        "en": "The close known words: \"{close}\". The vocabulary is fixed in training: a word "
              "never seen has no vector.",
    },
    "tok.unknown.say3_none": {
        "zh": "这个词没有相近的已知词。词表是训练时定下的：没见过的词，模型就没有它的向量。",
        "en": "There are no close known words. The vocabulary is fixed in training: a word "
              "never seen has no vector.",
    },
    "tok.unknown.missing": {"zh": "不在源词表中", "en": "not in the source vocabulary"},
    "tok.unknown.error": {"zh": "分词器的报错：", "en": "the tokenizer's error:"},
    "tok.unknown.close": {"zh": "相近的已知词：", "en": "close known words:"},
    "tok.unknown.none": {"zh": "没有相近的已知词", "en": "no close known words"},
    "tok.unknown.unk": {
        "zh": "<unk> 的 id 是 {id}，但这个分词器不用它",
        "en": "<unk> has id {id}, but this tokenizer does not use it",
    },
}
