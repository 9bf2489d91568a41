"""Strings of the Add & Norm scene (topic prefix ``addnorm``)."""

STRINGS = {
    "addnorm.title": {"zh": "Add & Norm 残差连接与层归一化",
                      "en": "Add & Norm: residuals and layer norm"},
    "addnorm.subtitle": {
        "zh": "每个子层之后：先把输入加回来，再逐词归一化",
        "en": "After every sublayer: add the input back, then normalise each token",
    },
    # ------------------------------------------------------------------ where it sits
    "addnorm.place.heading": {"zh": "Add & Norm 在哪里", "en": "Where Add & Norm sits"},
    "addnorm.place.say1": {
        "zh": "编码器的每一层有两个子层：多头自注意力和前馈网络；每个子层后面都跟着一个 Add & Norm。",
        "en": "Every encoder layer has two sublayers, multi-head self-attention and the "
              "feed-forward network, and each is followed by an Add & Norm.",
    },
    "addnorm.place.say2": {
        "zh": "这个模型有 {layers} 个编码器层，每个词是 {d} 维向量。我们看第一层自注意力后面的 Add & Norm。",
        "en": "This model has {layers} encoder layers and every token is a vector of {d} "
              "numbers. We follow the Add & Norm after the first layer's self-attention.",
    },
    "addnorm.place.say3": {
        "zh": "代码和论文一样是 Post-LN：先把子层的输入加到输出上，再做层归一化。",
        "en": "The code is post-LN, as in the paper: first add the sublayer's input to its "
              "output, then apply layer normalisation.",
    },
    "addnorm.place.mha": {"zh": "多头自注意力", "en": "Multi-Head Attention"},
    "addnorm.place.norm": {"zh": "Add & Norm", "en": "Add & Norm"},
    "addnorm.place.ffn": {"zh": "前馈网络", "en": "Feed Forward"},
    "addnorm.place.times": {"zh": "{n} ×", "en": "{n} ×"},
    "addnorm.place.here": {"zh": "← 本节", "en": "← this lecture"},
    "addnorm.place.post": {
        "zh": "Post-LN：先相加，再归一化",
        "en": "post-LN: add first, then normalise",
    },
    "addnorm.place.residual": {
        "zh": "侧边的线：残差连接",
        "en": "the side lines: residual connections",
    },
    # ------------------------------------------------------------------ Add
    "addnorm.add.heading": {"zh": "Add：残差连接", "en": "Add: the residual connection"},
    "addnorm.add.say1": {
        "zh": "x 是这个子层的输入：{n} 个词，每个 {d} 维。",
        "en": "x is the sublayer's input: {n} tokens of {d} numbers each.",
    },
    "addnorm.add.say2": {
        "zh": "子层——这里是多头自注意力——算出形状相同的 MHA(x)。",
        "en": "The sublayer, here multi-head self-attention, computes MHA(x) of the same shape.",
    },
    "addnorm.add.say3": {
        "zh": "Add 就是逐元素相加：x 绕过子层，直接加到它的输出上。这条路叫残差连接，也叫跳跃连接。",
        "en": "Add is an element-wise sum: x goes around the sublayer and is added to its "
              "output. This path is the residual, or skip, connection.",
    },
    "addnorm.add.x": {"zh": "输入", "en": "input"},
    "addnorm.add.f": {"zh": "子层输出", "en": "sublayer output"},
    "addnorm.add.s": {"zh": "相加", "en": "sum"},
    "addnorm.add.shape": {"zh": "形状都是 [{n} × {d}]", "en": "all of shape [{n} × {d}]"},
    # ------------------------------------------------------------------ statistics
    "addnorm.stats.heading": {
        "zh": "Norm：每个词单独算均值和方差",
        "en": "Norm: a mean and a variance per token",
    },
    "addnorm.stats.say1": {
        "zh": "层归一化对每个词单独做：取「{word}」这一行 s 的 {d} 个特征。",
        "en": "Layer normalisation works on each token alone: take the {d} features of "
              "“{word}” in s.",
    },
    "addnorm.stats.say2": {
        "zh": "跨特征求平均：均值 μ = {mean}，方差 σ² = {var}。",
        "en": "Averaged across the features: mean μ = {mean}, variance σ² = {var}.",
    },
    "addnorm.stats.say3": {
        "zh": "每个词都有自己的 μ 和 σ²，互不相同。",
        "en": "Every token has its own μ and σ², and they differ.",
    },
    "addnorm.stats.features": {
        "zh": "「{word}」的 {d} 个特征（s 的一行）",
        "en": "the {d} features of “{word}” (one row of s)",
    },
    "addnorm.stats.mean": {"zh": "μ = {mean}", "en": "μ = {mean}"},
    "addnorm.stats.var": {"zh": "σ² = {var}", "en": "σ² = {var}"},
    "addnorm.stats.band": {"zh": "虚线：μ 与 μ ± σ", "en": "dashed: μ and μ ± σ"},
    "addnorm.stats.per_token": {"zh": "每个词", "en": "per token"},
    # ------------------------------------------------------------------ normalise
    "addnorm.norm.heading": {
        "zh": "归一化：减去均值，除以标准差",
        "en": "Normalise: subtract the mean, divide by the std",
    },
    "addnorm.norm.say1": {
        "zh": "每个特征减去 μ，再除以 √(σ² + ε)。ε = {eps} 只是为了不除以零。",
        "en": "Subtract μ from every feature and divide by √(σ² + ε). ε = {eps} only keeps "
              "the division away from zero.",
    },
    "addnorm.norm.say2": {
        "zh": "对「{word}」：√(σ² + ε) = {std}。",
        "en": "For “{word}”: √(σ² + ε) = {std}.",
    },
    "addnorm.norm.say3": {
        "zh": "归一化之后，这个词的均值是 {mean}，方差是 {var}：数值的位置和大小固定了下来。",
        "en": "After it, the token's mean is {mean} and its variance {var}: where its numbers "
              "sit and how far they spread is fixed.",
    },
    "addnorm.norm.eps": {"zh": "ε = {eps}", "en": "ε = {eps}"},
    "addnorm.norm.before": {"zh": "之前：s", "en": "before: s"},
    "addnorm.norm.after": {"zh": "之后：x̂", "en": "after: x̂"},
    "addnorm.norm.result": {"zh": "均值 {mean}，方差 {var}", "en": "mean {mean}, variance {var}"},
    # ------------------------------------------------------------------ gamma and beta
    "addnorm.affine.heading": {
        "zh": "γ 和 β：可学习的缩放与平移",
        "en": "γ and β: a learned scale and shift",
    },
    "addnorm.affine.say1": {
        "zh": "最后逐特征乘以 γ、加上 β：两个 {d} 维的可学习参数。",
        "en": "Last, every feature is multiplied by γ and shifted by β: two learned vectors of "
              "{d} numbers.",
    },
    "addnorm.affine.say2": {
        "zh": "训练从 γ = {g_start}、β = {b_start} 开始；训练后 γ 在 {gmin} 到 {gmax} 之间，β 在 {bmin} 到 {bmax} 之间，这个小模型几乎没有改动它们。",
        "en": "Training starts from γ = {g_start} and β = {b_start}; afterwards γ lies between {gmin} "
              "and {gmax} and β between {bmin} and {bmax}: this small model barely moved them.",
    },
    "addnorm.affine.say3": {
        "zh": "这一行 y 就是「{word}」经过 Add & Norm 的输出，也是前馈网络的输入。",
        "en": "This row y is the Add & Norm output of “{word}”, and the input of the "
              "feed-forward network.",
    },
    "addnorm.affine.range": {
        "zh": "γ：{gmin} … {gmax}     β：{bmin} … {bmax}",
        "en": "γ: {gmin} … {gmax}     β: {bmin} … {bmax}",
    },
    # ------------------------------------------------------------------ shared
    "addnorm.shared.heading": {
        "zh": "自己的 μ、σ²，共享的 γ、β",
        "en": "Own μ and σ², shared γ and β",
    },
    "addnorm.shared.say1": {
        "zh": "每个词用自己的均值和方差做归一化……",
        "en": "Each token is normalised with its own mean and variance…",
    },
    "addnorm.shared.say2": {
        "zh": "……但 γ 和 β 对所有词都一样：{d} + {d} = {params} 个参数，全局共享，不按词学习。",
        "en": "…but γ and β are the same for every token: {d} + {d} = {params} parameters, "
              "shared, not learned per token.",
    },
    "addnorm.shared.own": {"zh": "每个词自己的", "en": "each token's own"},
    "addnorm.shared.gamma_beta": {"zh": "× γ + β", "en": "× γ + β"},
    "addnorm.shared.all": {"zh": "所有词共享", "en": "shared by all"},
    "addnorm.shared.params": {"zh": "{d} + {d} = {params} 个参数",
                              "en": "{d} + {d} = {params} parameters"},
    "addnorm.shared.out": {"zh": "输出", "en": "output"},
    # ------------------------------------------------------------------ the identity path
    "addnorm.grad.heading": {
        "zh": "为什么要残差：恒等路径",
        "en": "Why the residual helps: the identity path",
    },
    "addnorm.grad.say1": {
        "zh": "反向传播时，梯度经过 x + F(x) 要乘上它的雅可比矩阵：I + ∂F/∂x。",
        "en": "Going backwards, the gradient through x + F(x) is multiplied by its Jacobian: "
              "I + ∂F/∂x.",
    },
    "addnorm.grad.say2": {
        "zh": "左边是训练好的自注意力子层里「{word}」对自身的 {d} × {d} 雅可比块 ∂F/∂x；右边加上单位矩阵 I，对角线亮了起来。",
        "en": "Left: the {d} × {d} Jacobian block ∂F/∂x of “{word}” on itself, from the "
              "trained attention sublayer. Right: plus the identity I, the diagonal lights up.",
    },
    "addnorm.grad.say3": {
        "zh": "用整句的雅可比算一算：随机方向的梯度穿过子层，平均被缩放 {without} 倍；有残差时是 {with_res} 倍。",
        "en": "Over the whole sentence's Jacobian, a gradient of random direction is scaled by "
              "{without} on average through the sublayer alone, and by {with_res} with the "
              "residual.",
    },
    "addnorm.grad.say4": {
        "zh": "不管 F 学成什么样，I 这条路一直都在：梯度能直接流回更早的层，深层网络才训练得动。",
        "en": "Whatever F learns, the I path is always there: gradients flow straight back to "
              "earlier layers, which is what lets deep stacks train.",
    },
    "addnorm.grad.without": {"zh": "只有子层：∂F/∂x", "en": "sublayer only: ∂F/∂x"},
    "addnorm.grad.with": {"zh": "有残差：I + ∂F/∂x", "en": "with residual: I + ∂F/∂x"},
    "addnorm.grad.diag": {"zh": "对角线平均 {diag}", "en": "diagonal mean {diag}"},
    "addnorm.grad.gain": {"zh": "梯度缩放 ×{gain}", "en": "gradient scale ×{gain}"},
    "addnorm.grad.block": {"zh": "「{word}」对自身，{d} × {d}",
                           "en": "“{word}” on itself, {d} × {d}"},
    # ------------------------------------------------------------------ how much input stays
    "addnorm.keep.heading": {
        "zh": "输出里还留着多少输入",
        "en": "How much of the input is in the output",
    },
    "addnorm.keep.say1": {
        "zh": "再看前向：Add & Norm 的输出 y 和输入 x 的方向有多接近？用每个词的余弦相似度来量。",
        "en": "Forward again: how close is the Add & Norm output y to the input x in "
              "direction? The cosine similarity per token measures it.",
    },
    "addnorm.keep.say2": {
        "zh": "「{word}」：cos(x, y) = {cx}，cos(MHA(x), y) = {cf}：输出里既有原来的 x，也有子层新算出来的部分。",
        "en": "“{word}”: cos(x, y) = {cx} and cos(MHA(x), y) = {cf}: the output holds the "
              "original x as well as what the sublayer computed.",
    },
    "addnorm.keep.say3": {
        "zh": "而 cos(x, MHA(x)) 只有 {cxf}：子层加上的大多是 x 里没有的方向，是补充，而不是替换。",
        "en": "And cos(x, MHA(x)) is only {cxf}: the sublayer mostly adds directions x does "
              "not have. It adds to x rather than replacing it.",
    },
    "addnorm.keep.say4": {
        "zh": "这就是 Add & Norm：残差保留输入，也给梯度一条捷径；层归一化让每个词的数值保持在稳定的范围。",
        "en": "That is Add & Norm: the residual keeps the input and gives gradients a shortcut; "
              "layer normalisation keeps every token's numbers in a steady range.",
    },
    "addnorm.keep.word": {"zh": "词", "en": "token"},
}
