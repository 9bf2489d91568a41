"""Strings of the LoRA scene (topic prefix ``lora``)."""

STRINGS = {
    "lora.title": {"zh": "LoRA 低秩适配 Low-Rank Adaptation", "en": "LoRA: Low-Rank Adaptation"},
    "lora.subtitle": {
        "zh": "冻结大矩阵，只训练两个小矩阵",
        "en": "Freeze the big matrix, train two small ones",
    },
    # ------------------------------------------------------------------ idea
    "lora.idea.heading": {"zh": "全量微调 vs LoRA", "en": "Full fine-tuning vs LoRA"},
    "lora.idea.say1": {
        "zh": "标准微调要更新预训练权重 W 里的每一个数。",
        "en": "Standard fine-tuning updates every number of the pre-trained weight W.",
    },
    "lora.idea.say2": {
        "zh": "LoRA 把 W 冻结，旁边加一条支路：先乘 A 降到 r 维，再乘 B 升回 d 维。",
        "en": "LoRA freezes W and adds a side path: A takes x down to r dimensions, B brings "
              "it back up to d.",
    },
    "lora.idea.say3": {
        "zh": "输出是两条路相加：h = xW + (α/r)·xAB，而 r 远小于 d。",
        "en": "The output adds the two paths: h = xW + (α/r)·xAB, with r much smaller than d.",
    },
    "lora.idea.full": {"zh": "标准微调 Full fine-tuning", "en": "Full fine-tuning"},
    "lora.idea.lora": {"zh": "LoRA 微调", "en": "LoRA fine-tuning"},
    "lora.idea.input": {"zh": "输入 x", "en": "input x"},
    "lora.idea.output": {"zh": "输出 h", "en": "output h"},
    "lora.idea.dims": {"zh": "{a} × {b}", "en": "{a} × {b}"},
    "lora.idea.frozen": {"zh": "冻结 frozen", "en": "frozen"},
    "lora.idea.all_trained": {
        "zh": "所有参数都更新（{pct}%）",
        "en": "every parameter is updated ({pct}%)",
    },
    "lora.idea.trainable": {
        "zh": "只训练 A 和 B（{pct}%）",
        "en": "only A and B are trained ({pct}%)",
    },
    # ------------------------------------------------------------------ counts
    "lora.counts.heading": {"zh": "参数量：算一算", "en": "Counting the parameters"},
    "lora.counts.say1": {
        "zh": "笔记里的例子：d = {d}，r = {r}。",
        "en": "The notes' example: d = {d}, r = {r}.",
    },
    "lora.counts.say2": {
        "zh": "一个 d × d 的矩阵有 d² 个数；LoRA 只要 A 的 d × r 个加上 B 的 r × d 个。",
        "en": "A d × d matrix holds d² numbers; LoRA needs only the d × r of A plus the r × d "
              "of B.",
    },
    "lora.counts.say3": {
        "zh": "我们的小模型 d 只有 {d}，比例大得多：d 越大，LoRA 省得越多。",
        "en": "Our tiny model has d = {d} only, so the fraction is much larger: the bigger d, "
              "the more LoRA saves.",
    },
    "lora.counts.say4": {
        "zh": "整个小模型：给 {n} 个矩阵加上 LoRA，可训练参数占全部参数的 {pct}%。",
        "en": "For the whole tiny model: LoRA on {n} matrices, and the trainable parameters "
              "are {pct}% of all of them.",
    },
    "lora.counts.notes_case": {"zh": "笔记的例子", "en": "the notes' example"},
    "lora.counts.tiny_case": {"zh": "本项目的小模型", "en": "this project's tiny model"},
    "lora.counts.case": {"zh": "d = {d}，r = {r}", "en": "d = {d}, r = {r}"},
    "lora.counts.full_row": {"zh": "一个矩阵 W：d × d", "en": "one matrix W: d × d"},
    "lora.counts.lora_row": {"zh": "LoRA：A + B = d × r + r × d", "en": "LoRA: A + B = d × r + r × d"},
    "lora.counts.pct_row": {"zh": "可训练比例", "en": "trainable fraction"},
    "lora.counts.model": {
        "zh": "整个小模型：{n} 个矩阵（每个注意力块的 {proj}）加 LoRA",
        "en": "Whole tiny model: LoRA on {n} matrices ({proj} of every attention block)",
    },
    "lora.counts.share": {
        "zh": "可训练 {trainable}，全部 {total}，占 {pct}%",
        "en": "{trainable} trainable of {total} parameters: {pct}%",
    },
    # ------------------------------------------------------------------ zero
    "lora.zero.heading": {
        "zh": "B 从零开始：开始时模型不变",
        "en": "B starts at zero: at first nothing changes",
    },
    "lora.zero.say1": {
        "zh": "A 随机初始化，B 全部为零。",
        "en": "A starts random, B starts as all zeros.",
    },
    "lora.zero.say2": {
        "zh": "于是支路 (α/r)·xAB 全是零：挂上 LoRA 的模型和原模型输出完全一样。",
        "en": "So the side path (α/r)·xAB adds nothing: the model with LoRA attached gives "
              "exactly the original outputs.",
    },
    "lora.zero.say3": {
        "zh": "看真实的输出：翻译「{src}」，已经译出「{prefix}」，下一个词的概率：",
        "en": "Real outputs: translating \"{src}\" with \"{prefix}\" already written, the next "
              "word's probabilities:",
    },
    "lora.zero.say4": {
        "zh": "整句的每一步、每个词的概率都相同，最大差异是 {diff}。",
        "en": "At every step, for every word, the probabilities agree: the largest difference "
              "is {diff}.",
    },
    "lora.zero.a": {"zh": "A：{d} × {r}，随机初始化", "en": "A: {d} × {r}, random"},
    "lora.zero.b": {"zh": "B：{r} × {d}，全为零", "en": "B: {r} × {d}, all zeros"},
    "lora.zero.b_max": {"zh": "max|B| = {v}", "en": "max|B| = {v}"},
    "lora.zero.base": {"zh": "原模型", "en": "original model"},
    "lora.zero.attached": {"zh": "挂上 LoRA（B 全为零）", "en": "with LoRA attached (B all zeros)"},
    "lora.zero.next": {
        "zh": "「{src}」→「{prefix} …」的下一个词",
        "en": "\"{src}\" → \"{prefix} …\": the next word",
    },
    "lora.zero.diff": {
        "zh": "整句最大差异 max|Δp| = {diff}",
        "en": "whole sentence: max|Δp| = {diff}",
    },
    # ------------------------------------------------------------------ train
    "lora.train.heading": {
        "zh": "真实的微调：损失下降",
        "en": "A real fine-tune: the loss falls",
    },
    "lora.train.say1": {
        "zh": "冻结训练好的小模型，只用 {n} 个新句对训练 LoRA：这些词的组合它从没见过。",
        "en": "We freeze the trained tiny model and train LoRA on {n} new sentence pairs: "
              "word combinations it has never seen.",
    },
    "lora.train.say2": {
        "zh": "每一步还混入 {replay} 个原来的句对一起复习，免得忘掉旧的知识。",
        "en": "Every step also mixes in {replay} of the original pairs as a rehearsal, so the "
              "old knowledge is not forgotten.",
    },
    "lora.train.say3": {
        "zh": "新句对上的损失从 {first} 降到 {last}。变的只有 A 和 B，W 一位都没动。",
        "en": "The loss on the new pairs falls from {first} to {last}. Only A and B change; W "
              "stays bit for bit the same.",
    },
    "lora.train.pairs": {"zh": "新句对（训练数据）", "en": "new pairs (training data)"},
    "lora.train.setup": {
        "zh": "r = {r}，α = {alpha}，α/r = {scale}；{n} 个矩阵，可训练参数 {trainable}",
        "en": "r = {r}, α = {alpha}, α/r = {scale}; {n} matrices, {trainable} trainable "
              "parameters",
    },
    "lora.train.budget": {
        "zh": "{steps} 步，学习率 {lr}，每步复习 {replay} 个旧句对",
        "en": "{steps} steps, learning rate {lr}, {replay} old pairs rehearsed per step",
    },
    "lora.train.x": {"zh": "训练步 →", "en": "step →"},
    "lora.train.y": {"zh": "新句对上的损失", "en": "loss on the new pairs"},
    # ------------------------------------------------------------------ translate
    "lora.translate.heading": {
        "zh": "新句子：微调前错，微调后对",
        "en": "A new sentence: wrong before, right after",
    },
    "lora.translate.say1": {
        "zh": "「{src}」的正确译文是「{ref}」。",
        "en": "The right translation of \"{src}\" is \"{ref}\".",
    },
    "lora.translate.say2": {
        "zh": "微调前，模型译成「{before}」。每个词下面是模型选它的概率。",
        "en": "Before fine-tuning the model writes \"{before}\". Under each word: the "
              "probability the model chose it with.",
    },
    "lora.translate.say3": {
        "zh": "微调后，译成「{after}」。",
        "en": "After fine-tuning: \"{after}\".",
    },
    "lora.translate.say4": {
        "zh": "关键的一步：已经译出「{prefix}」之后，最可能的下一个词从「{old}」变成了「{new}」。",
        "en": "The decisive step: after \"{prefix}\", the most likely next word changes from "
              "\"{old}\" to \"{new}\".",
    },
    "lora.translate.source": {"zh": "新句子", "en": "new sentence"},
    "lora.translate.reference": {"zh": "正确译文：{ref}", "en": "reference: {ref}"},
    "lora.translate.before": {"zh": "微调前", "en": "before"},
    "lora.translate.after": {"zh": "微调后", "en": "after"},
    "lora.translate.next_before": {
        "zh": "微调前：「{prefix} …」的下一个词",
        "en": "before: the word after \"{prefix} …\"",
    },
    "lora.translate.next_after": {
        "zh": "微调后：「{prefix} …」的下一个词",
        "en": "after: the word after \"{prefix} …\"",
    },
    # ------------------------------------------------------------------ keep
    "lora.keep.heading": {
        "zh": "旧句子：仍然翻译正确",
        "en": "Old sentences still translate",
    },
    "lora.keep.say1": {
        "zh": "原来会翻的句子呢？看例句「{src}」。",
        "en": "And the sentences the model already knew? Take \"{src}\".",
    },
    "lora.keep.say_same": {
        "zh": "微调前后译文一样，选词的概率也只差一点点。",
        "en": "The translation is the same before and after, the probabilities barely move.",
    },
    "lora.keep.say_changed": {
        "zh": "这一句的译文在微调后变了。",
        "en": "This sentence's translation changed with the fine-tune.",
    },
    "lora.keep.say3": {
        "zh": "新句对译对 {new_ok} / {new_n}；原来的训练句对仍译对 {old_ok} / {old_n}。",
        "en": "New pairs right: {new_ok} of {new_n}; original training pairs still right: "
              "{old_ok} of {old_n}.",
    },
    "lora.keep.source": {"zh": "旧句子", "en": "old sentence"},
    "lora.keep.same": {"zh": "✓ 译文不变", "en": "✓ unchanged"},
    "lora.keep.changed": {"zh": "译文变了", "en": "changed"},
    "lora.keep.new_total": {
        "zh": "新句对译对：{new_ok} / {new_n}",
        "en": "new pairs right: {new_ok} / {new_n}",
    },
    "lora.keep.old_total": {
        "zh": "原训练句对仍译对：{old_ok} / {old_n}",
        "en": "original pairs still right: {old_ok} / {old_n}",
    },
    # ------------------------------------------------------------------ merge
    "lora.merge.heading": {"zh": "合并：把 AB 并进 W", "en": "Merging A B into W"},
    "lora.merge.say1": {
        "zh": "训练完，可以把更新直接加进 W：W' = W + (α/r)·AB。",
        "en": "After training, the update can be added into W: W' = W + (α/r)·AB.",
    },
    "lora.merge.say2": {
        "zh": "ΔW = (α/r)·AB 是 d × d 的矩阵，但它的秩只有 {rank}。",
        "en": "ΔW = (α/r)·AB is a d × d matrix, but its rank is only {rank}.",
    },
    "lora.merge.say3": {
        "zh": "合并与不合并，输出一样：最大差异 {diff}，只是浮点舍入。推理时不多花任何计算。",
        "en": "Merged or not, the outputs agree: the largest difference is {diff}, "
              "floating-point rounding. Inference costs nothing extra.",
    },
    "lora.merge.w": {"zh": "W（冻结）", "en": "W (frozen)"},
    "lora.merge.delta": {"zh": "ΔW = (α/r)·AB", "en": "ΔW = (α/r)·AB"},
    "lora.merge.merged": {"zh": "W'（合并后）", "en": "W' (merged)"},
    "lora.merge.rank": {"zh": "rank(ΔW) = {rank}", "en": "rank(ΔW) = {rank}"},
    "lora.merge.unmerged_row": {
        "zh": "不合并  xW + (α/r)·xAB",
        "en": "unmerged  xW + (α/r)·xAB",
    },
    "lora.merge.merged_row": {"zh": "合并后  xW'", "en": "merged  xW'"},
    "lora.merge.diff": {"zh": "max|Δp| = {diff}", "en": "max|Δp| = {diff}"},
    # ------------------------------------------------------------------ adapter
    "lora.adapter.heading": {"zh": "对比：Adapter 适配器", "en": "For comparison: the Adapter"},
    "lora.adapter.say1": {
        "zh": "Adapter 在冻结的层后面插入一个瓶颈：先从 d 降到 m，经过 ReLU，再升回 d，"
              "用残差连接加回去。",
        "en": "An Adapter inserts a bottleneck after a frozen layer: down from d to m, a ReLU, "
              "back up to d, added back through a residual connection.",
    },
    "lora.adapter.say2": {
        "zh": "笔记的例子 d = {d}，m = {m}：两个矩阵共 {n} 个参数，是一个 d × d 矩阵的 {pct}%。",
        "en": "The notes' example d = {d}, m = {m}: the two matrices hold {n} parameters, "
              "{pct}% of one d × d matrix.",
    },
    "lora.adapter.say3": {
        "zh": "区别在推理：Adapter 是多出来的一层，要多算一步；LoRA 能合并进 W，不增加计算。",
        "en": "The difference is at inference: an Adapter is an extra layer to compute; LoRA "
              "merges into W and adds nothing.",
    },
    "lora.adapter.input": {"zh": "输入（d = {d}）", "en": "input (d = {d})"},
    "lora.adapter.layer": {"zh": "原始层（冻结）", "en": "original layer (frozen)"},
    "lora.adapter.name": {"zh": "Adapter", "en": "Adapter"},
    "lora.adapter.down": {"zh": "Down  d → m", "en": "Down  d → m"},
    "lora.adapter.relu": {"zh": "ReLU", "en": "ReLU"},
    "lora.adapter.up": {"zh": "Up  m → d", "en": "Up  m → d"},
    "lora.adapter.residual": {"zh": "残差连接", "en": "residual"},
    "lora.adapter.output": {"zh": "输出", "en": "output"},
    "lora.adapter.down_count": {
        "zh": "Down：d × m = {d} × {m} = {n}",
        "en": "Down: d × m = {d} × {m} = {n}",
    },
    "lora.adapter.up_count": {
        "zh": "Up：m × d = {m} × {d} = {n}",
        "en": "Up: m × d = {m} × {d} = {n}",
    },
    "lora.adapter.total": {"zh": "Adapter 合计：{n}", "en": "Adapter in total: {n}"},
    "lora.adapter.full": {
        "zh": "对比一个 d × d 矩阵：{n}（占 {pct}%）",
        "en": "vs one d × d matrix: {n} ({pct}%)",
    },
    "lora.adapter.lora_same": {
        "zh": "同样 d = {d}，LoRA（r = {r}）：A + B = {n}（占 {pct}%）",
        "en": "same d = {d}, LoRA with r = {r}: A + B = {n} ({pct}%)",
    },
    "lora.adapter.adapter_inference": {
        "zh": "Adapter：推理时多算一层",
        "en": "Adapter: one more layer at inference",
    },
    "lora.adapter.lora_inference": {
        "zh": "LoRA：合并进 W，推理零额外开销",
        "en": "LoRA: merged into W, no extra inference cost",
    },
}
