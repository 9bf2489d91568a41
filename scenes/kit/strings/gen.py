"""Strings of the generation scene (topic prefix ``gen``)."""

STRINGS = {
    "gen.title": {"zh": "生成：一次一个词", "en": "Generation: one token at a time"},
    "gen.subtitle": {
        "zh": "推理时的自回归解码，训练时的 Teacher Forcing",
        "en": "Autoregressive decoding at inference, teacher forcing in training",
    },
    # ------------------------------------------------------------------ 1 idea
    "gen.idea.heading": {"zh": "自回归：把输出接回输入", "en": "Autoregressive: outputs fed back"},
    "gen.idea.say1": {
        "zh": "翻译「{src}」时，编码器一次读完整个源句子，所有词并行处理。",
        "en": "To translate “{src}”, the encoder reads the whole source sentence at once, all "
              "words in parallel.",
    },
    "gen.idea.say2": {
        "zh": "解码器却一次只写一个词：它从 <bos> 开始，每写出一个词，就把这个词接到自己的输入后面，再算下一个。",
        "en": "The decoder writes one token at a time: it starts from <bos>, and every token "
              "it writes is appended to its own input before it computes the next one.",
    },
    "gen.idea.say3": {
        "zh": "每一步，它都给目标词表里全部 {v} 个词打分，Softmax 后得到下一个词的概率分布。",
        "en": "At every step it scores all {v} tokens of the target vocabulary; softmax turns "
              "the scores into the distribution of the next token.",
    },
    "gen.idea.source": {"zh": "源句子", "en": "source"},
    "gen.idea.encoder": {"zh": "编码器", "en": "Encoder"},
    "gen.idea.decoder": {"zh": "解码器", "en": "Decoder"},
    "gen.idea.memory": {"zh": "编码器输出", "en": "encoder output"},
    "gen.idea.dec_input": {"zh": "<bos> + 已生成的词", "en": "<bos> + tokens so far"},
    "gen.idea.dist": {"zh": "下一个词的概率（{v} 个词）", "en": "next-token probabilities ({v} tokens)"},
    "gen.idea.next": {"zh": "选出的下一个词", "en": "the chosen next token"},
    "gen.idea.feedback": {"zh": "接回输入", "en": "fed back"},
    "gen.idea.once": {"zh": "一次读完", "en": "read once"},
    # ------------------------------------------------------------------ 2 steps
    "gen.steps.heading": {"zh": "逐步生成（贪心解码）", "en": "Step by step (greedy decoding)"},
    "gen.steps.say_first": {
        "zh": "第 {t} 步：解码器的输入只有 <bos>。概率最大的是「{word}」，{p}；贪心解码就选它。",
        "en": "Step {t}: the decoder's input is just <bos>. The most likely token is “{word}”, "
              "{p}; greedy decoding picks it.",
    },
    "gen.steps.say_step": {
        "zh": "第 {t} 步：输入「{prefix}」，选出「{word}」，概率 {p}。",
        "en": "Step {t}: input “{prefix}”, chosen “{word}”, probability {p}.",
    },
    "gen.steps.say_end": {
        "zh": "选出 <eos> 就停：译文是「{out}」，解码器一共运行了 {n} 次，一个词一次。",
        "en": "Choosing <eos> ends it: the translation is “{out}”, after {n} runs of the "
              "decoder, one per token.",
    },
    "gen.steps.say_limit": {
        "zh": "到第 {n} 步还没有出现 <eos>，这里就停下：得到「{out}」。",
        "en": "No <eos> after {n} steps, so we stop here with “{out}”.",
    },
    "gen.steps.col_step": {"zh": "步", "en": "step"},
    "gen.steps.col_input": {"zh": "解码器输入", "en": "decoder input"},
    "gen.steps.col_top": {"zh": "概率最高的 {k} 个词", "en": "top {k} tokens"},
    "gen.steps.col_chosen": {"zh": "选中", "en": "chosen"},
    "gen.steps.panel": {"zh": "第 {t} 步：下一个词的分布", "en": "step {t}: next-token distribution"},
    "gen.steps.rest": {
        "zh": "其余 {n} 个词合计 {p}",
        "en": "the other {n} tokens: {p} together",
    },
    # ------------------------------------------------------------------ 3 teacher forcing
    "gen.teacher.heading": {"zh": "训练：Teacher Forcing", "en": "Training: teacher forcing"},
    "gen.teacher.say1": {
        "zh": "训练时不等模型自己一个个写：语料里这句的参考译文是「{tgt}」。",
        "en": "In training we don't wait for the model to write: the corpus's reference "
              "translation of this sentence is “{tgt}”.",
    },
    "gen.teacher.say1_model": {
        "zh": "语料里没有这句话，这里把模型自己的译文「{tgt}」当作参考译文。",
        "en": "This sentence is not in the corpus, so the model's own translation “{tgt}” "
              "serves as the reference here.",
    },
    "gen.teacher.say2": {
        "zh": "把参考译文右移一位、前面加上 <bos>，作为解码器的输入；每个位置的目标是它右边的下一个词，最后是 <eos>。",
        "en": "Shifted right, with <bos> in front, it is the decoder's input; each position's "
              "target is the next token, and the last one is <eos>.",
    },
    "gen.teacher.say3": {
        "zh": "因果掩码让第 t 个位置只看见它自己和前面的词——正是生成时第 t 步的输入。",
        "en": "The causal mask lets position t see only itself and the tokens before it: "
              "exactly the input of step t in generation.",
    },
    "gen.teacher.say4": {
        "zh": "所以解码器只运行一次，就同时给出全部 {n} 个位置的预测。",
        "en": "So a single run of the decoder gives the predictions of all {n} positions at "
              "once.",
    },
    "gen.teacher.pair": {"zh": "参考译文", "en": "reference"},
    "gen.teacher.input": {"zh": "解码器输入（右移一位）", "en": "decoder input (shifted right)"},
    "gen.teacher.target": {"zh": "目标：下一个词", "en": "target: the next token"},
    "gen.teacher.mask": {"zh": "因果掩码", "en": "causal mask"},
    "gen.teacher.mask_note": {
        "zh": "每行一个位置\n填色的格子：它能看见的词",
        "en": "one row per position\nfilled cells: what it may see",
    },
    "gen.teacher.one_pass": {"zh": "一次前向，{n} 个位置", "en": "one pass, {n} positions"},
    # ------------------------------------------------------------------ 4 loss
    "gen.loss.heading": {"zh": "每个位置的损失", "en": "The loss at each position"},
    "gen.loss.say1": {
        "zh": "每个位置取出模型给正确词的概率 p，损失是 −log p：p 越大，损失越小；模型完全确定时，损失为零。",
        "en": "At each position we take the probability p the model gives the correct token; "
              "the loss is −log p: the larger p, the smaller the loss, and a model that is "
              "certain has no loss at all.",
    },
    "gen.loss.say2": {
        "zh": "最难的位置是「{word}」：p = {p}，−log p = {nll}。",
        "en": "The hardest position is “{word}”: p = {p}, −log p = {nll}.",
    },
    "gen.loss.say3": {
        "zh": "{n} 个位置的平均就是这一对句子的损失：{loss}。训练就是把它调小。",
        "en": "The mean over the {n} positions is the pair's loss: {loss}. Training makes it "
              "smaller.",
    },
    "gen.loss.p_row": {"zh": "p(正确词)", "en": "p(correct)"},
    "gen.loss.nll_row": {"zh": "−log p", "en": "−log p"},
    "gen.loss.target_row": {"zh": "目标", "en": "target"},
    "gen.loss.sees_row": {"zh": "输入", "en": "input"},
    # ------------------------------------------------------------------ 5 compare
    "gen.compare.heading": {"zh": "推理 vs 训练", "en": "Inference vs training"},
    "gen.compare.say1": {
        "zh": "生成时解码器要运行 {n} 次，一次一个词，后一步必须等前一步；不缓存的话一共要算 {pos} 个位置。",
        "en": "Generating runs the decoder {n} times, one token each, every step waiting for "
              "the one before; without a cache that is {pos} positions computed.",
    },
    "gen.compare.say2": {
        "zh": "Teacher Forcing 只运行 {passes} 次，{n} 个位置并行计算，输入是参考译文而不是模型自己的输出。",
        "en": "Teacher forcing runs it {passes} time, all {n} positions in parallel, with the "
              "reference as input instead of the model's own output.",
    },
    "gen.compare.say_same": {
        "zh": "这里模型的译文与参考一致，{count} 个位置看到的前缀相同，两种方式算出的概率也相同，最大差 {diff}，只是舍入误差。",
        "en": "Here the model's translation equals the reference, so the {count} positions "
              "see the same prefixes and both ways give the same probabilities: the largest "
              "difference is {diff}, rounding only.",
    },
    "gen.compare.say_part": {
        "zh": "前 {count} 个位置前缀相同，概率也相同（最大差 {diff}）；之后模型自己的词与参考不同，训练时它从没见过自己的错误。",
        "en": "The first {count} positions share their prefix and their probabilities "
              "(largest difference {diff}); after that the model's own tokens differ from the "
              "reference, and in training it never sees its own mistakes.",
    },
    "gen.compare.inference": {"zh": "推理：自回归生成", "en": "Inference: generation"},
    "gen.compare.training": {"zh": "训练：Teacher Forcing", "en": "Training: teacher forcing"},
    "gen.compare.passes": {"zh": "解码器运行次数：{n}", "en": "decoder runs: {n}"},
    "gen.compare.positions": {"zh": "计算的位置数：{n}", "en": "positions computed: {n}"},
    "gen.compare.sequential": {"zh": "逐个词，顺序进行", "en": "one token after another"},
    "gen.compare.parallel": {"zh": "所有位置并行", "en": "all positions in parallel"},
    "gen.compare.own": {"zh": "输入：模型自己选的词", "en": "input: the model's own choices"},
    "gen.compare.reference": {"zh": "输入：参考译文", "en": "input: the reference"},
    "gen.compare.same": {
        "zh": "{count} 个位置前缀相同，概率最大差 {diff}",
        "en": "{count} positions with the same prefix: largest difference {diff}",
    },
}
