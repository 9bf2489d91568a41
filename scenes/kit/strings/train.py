"""Strings of the training-loop scene (topic prefix ``train``)."""

STRINGS = {
    "train.title": {"zh": "训练循环 Training Loop", "en": "The Training Loop"},
    "train.subtitle": {
        "zh": "一个真实的小 Transformer 是怎样学会翻译的",
        "en": "How a real tiny Transformer learned to translate",
    },
    # ------------------------------------------------------------------ one weight
    "train.one_weight.heading": {
        "zh": "从一个权重开始：梯度下降 Gradient Descent",
        "en": "Start with one weight: gradient descent",
    },
    "train.one_weight.say1": {
        "zh": "先看笔记里最简单的网络：只有一个权重 W，一个输入 x，一个目标 y。",
        "en": "Start with the notes' simplest network: one weight W, one input x, one target y.",
    },
    "train.one_weight.forward": {"zh": "前向传播 Forward", "en": "forward pass"},
    "train.one_weight.error": {"zh": "计算误差 Loss", "en": "error (loss)"},
    "train.one_weight.gradient": {"zh": "反向传播 Backward", "en": "backward pass"},
    "train.one_weight.update": {"zh": "梯度下降 Update", "en": "update"},
    "train.one_weight.say_forward": {
        "zh": "前向传播：用当前的 W 算出预测值。",
        "en": "Forward pass: the current W gives a prediction.",
    },
    "train.one_weight.say_error": {
        "zh": "误差：预测和目标差多少。前面的二分之一是为了求导方便。",
        "en": "The error: how far the prediction is from the target. The one half makes the "
              "derivative tidy.",
    },
    "train.one_weight.say_gradient": {
        "zh": "链式法则：误差对预测的导数，乘以预测对 W 的导数 x，就是 W 的梯度。",
        "en": "The chain rule: the error's derivative by the prediction, times the "
              "prediction's derivative by W, which is x, gives W's gradient.",
    },
    "train.one_weight.say_update": {
        "zh": "沿梯度的反方向走一小步，步长由学习率 η 控制。",
        "en": "Take a small step against the gradient; the learning rate η sets its size.",
    },
    "train.one_weight.say_sign": {
        "zh": "梯度是负的，说明增大 W 会让误差变小，所以 W 变大了。",
        "en": "The gradient is negative: a larger W lowers the error, so W grows.",
    },
    # ------------------------------------------------------------------ descent
    "train.descent.heading": {
        "zh": "重复这几步：误差越来越小",
        "en": "Repeat: the error keeps falling",
    },
    "train.descent.say1": {
        "zh": "把同样的计算重复 {n} 次，每一次都从上一次更新后的 W 开始。",
        "en": "Repeat the same computation {n} times, each time from the W of the last update.",
    },
    "train.descent.step": {"zh": "步", "en": "step"},
    "train.descent.x": {"zh": "步", "en": "step"},
    "train.descent.y": {"zh": "误差 E", "en": "error E"},
    "train.descent.say2": {
        "zh": "误差一步步下降，W 逐渐接近 y / x = {best}。",
        "en": "The error falls step by step and W approaches y / x = {best}.",
    },
    "train.descent.best": {"zh": "最优的 W = y / x = {best}", "en": "best W = y / x = {best}"},
    # ------------------------------------------------------------------ the loop
    "train.loop.heading": {
        "zh": "训练循环：每一步做什么",
        "en": "The training loop, step by step",
    },
    "train.loop.say1": {
        "zh": "真正的模型有成千上万个权重，但训练就是把同一个循环重复很多次。",
        "en": "A real model has thousands of weights, but training is still one loop repeated "
              "many times.",
    },
    "train.loop.batch": {"zh": "加载一个批次", "en": "load a batch"},
    "train.loop.forward": {"zh": "前向传播", "en": "forward pass"},
    "train.loop.loss": {"zh": "计算损失", "en": "compute the loss"},
    "train.loop.backward": {"zh": "反向传播", "en": "backward pass"},
    "train.loop.clip": {"zh": "梯度裁剪", "en": "clip gradients"},
    "train.loop.optimizer": {"zh": "优化器更新参数", "en": "optimizer step"},
    "train.loop.schedule": {"zh": "学习率调度", "en": "LR schedule"},
    "train.loop.batch.note": {"zh": "从语料中随机取几对句子", "en": "a few sentence pairs at random"},
    "train.loop.forward.note": {"zh": "input → model → output", "en": "input → model → output"},
    "train.loop.loss.note": {"zh": "loss = f(output, label)", "en": "loss = f(output, label)"},
    "train.loop.backward.note": {"zh": "计算所有参数的梯度", "en": "gradients of all parameters"},
    "train.loop.clip.note": {"zh": "防止梯度爆炸（可选）", "en": "against exploding gradients (optional)"},
    "train.loop.optimizer.note": {"zh": "θ ← θ − lr × ∇θ（这里用 Adam）",
                                  "en": "θ ← θ − lr × ∇θ (here: Adam)"},
    "train.loop.schedule.note": {"zh": "更新学习率，回到第一步", "en": "next learning rate, back to the top"},
    "train.loop.say2": {
        "zh": "我们的小 Transformer 就是这样训练的：{steps} 步，每步 {batch} 对句子。",
        "en": "This is how our tiny Transformer was trained: {steps} steps of {batch} sentence "
              "pairs each.",
    },
    "train.loop.run": {
        "zh": "本次训练：{steps} 步，每批 {batch} 对，语料共 {pairs} 对",
        "en": "this run: {steps} steps, {batch} pairs per batch, {pairs} pairs in the corpus",
    },
    "train.loop.say3": {
        "zh": "训练时完整记录了第 {step} 步。下面逐项看它的真实数值。",
        "en": "Training stored step {step} in full. Let us go through its real numbers.",
    },
    # ------------------------------------------------------------------ batch
    "train.batch.heading": {"zh": "加载一个批次 Batch", "en": "Load a batch"},
    "train.batch.say1": {
        "zh": "第一步：从 {pairs} 对句子里随机抽出 {batch} 对，组成一个批次。",
        "en": "Step one: draw {batch} of the {pairs} sentence pairs at random; they form a "
              "batch.",
    },
    "train.batch.head": {
        "zh": "第 {step} 步的批次：{pairs} 对中的 {batch} 对",
        "en": "the batch of step {step}: {batch} of {pairs} pairs",
    },
    "train.batch.say2": {
        "zh": "长句短句混在一起；较短的句子会用 <pad> 补齐到同样长度。",
        "en": "Long and short sentences mix; the shorter ones are padded with <pad> to one "
              "length.",
    },
    # ------------------------------------------------------------------ forward + loss
    "train.forward_loss.heading": {
        "zh": "前向传播与损失 Forward & Loss",
        "en": "Forward pass and loss",
    },
    "train.forward_loss.say1": {
        "zh": "整个批次一起送进模型：编码器读中文，解码器逐词预测英文。",
        "en": "The whole batch goes through the model at once: the encoder reads the Chinese, "
              "the decoder predicts the English word by word.",
    },
    "train.forward_loss.src": {"zh": "源句 ids  [{b} × {n}]", "en": "source ids  [{b} × {n}]"},
    "train.forward_loss.tgt": {"zh": "解码器输入  [{b} × {n}]", "en": "decoder input  [{b} × {n}]"},
    "train.forward_loss.model": {"zh": "Transformer", "en": "Transformer"},
    "train.forward_loss.logits": {"zh": "logits  [{b} × {n} × {v}]",
                                  "en": "logits  [{b} × {n} × {v}]"},
    "train.forward_loss.say2": {
        "zh": "损失是交叉熵：对批次里全部 {n} 个目标词，取正确词概率的负对数，再求平均。",
        "en": "The loss is cross-entropy: minus the log probability of the right word, averaged "
              "over all {n} target words of the batch.",
    },
    "train.forward_loss.tokens": {
        "zh": "N = {n} 个目标词（含 <eos>，不含 <pad>）",
        "en": "N = {n} target words (<eos> included, <pad> left out)",
    },
    "train.forward_loss.say3": {
        "zh": "对比：均匀乱猜的损失是 {uniform}，训练第一步是 {first}。",
        "en": "Compare: guessing uniformly gives {uniform}; the very first step had {first}.",
    },
    "train.forward_loss.uniform": {
        "zh": "均匀乱猜：ln V = ln {v} = {uniform}",
        "en": "uniform guess: ln V = ln {v} = {uniform}",
    },
    "train.forward_loss.first": {
        "zh": "第 {step} 步（初始化的模型）：{loss}",
        "en": "step {step} (the initial model): {loss}",
    },
    "train.forward_loss.align": {
        "zh": "训练目标另加 {coef} × 对齐损失（本步 {align}），让交叉注意力对准词；\n"
              "这里显示的是交叉熵部分",
        "en": "the objective adds {coef} × an alignment loss ({align} here) that aligns\n"
              "cross-attention; shown is the cross-entropy part",
    },
    # ------------------------------------------------------------------ backward + clip
    "train.backward_clip.heading": {
        "zh": "反向传播与梯度裁剪 Backward & Clipping",
        "en": "Backward pass and gradient clipping",
    },
    "train.backward_clip.say1": {
        "zh": "反向传播用链式法则，为全部 {n} 个参数各算出一个梯度。",
        "en": "The backward pass applies the chain rule and gives each of the {n} parameters "
              "a gradient.",
    },
    "train.backward_clip.grads": {
        "zh": "{n} 个参数，每个一个梯度",
        "en": "{n} parameters, one gradient each",
    },
    "train.backward_clip.before": {"zh": "裁剪前 ‖g‖ = {norm}", "en": "before ‖g‖ = {norm}"},
    "train.backward_clip.after": {"zh": "裁剪后 ‖g‖ = {norm}", "en": "after ‖g‖ = {norm}"},
    "train.backward_clip.limit": {"zh": "上限 c = {c}", "en": "limit c = {c}"},
    "train.backward_clip.say2": {
        "zh": "所有梯度合起来的长度是 {norm}，超过了上限 {c}，所以每个梯度都乘以 {scale}。",
        "en": "All gradients together have length {norm}, above the limit {c}, so every "
              "gradient is multiplied by {scale}.",
    },
    "train.backward_clip.say3": {
        "zh": "方向不变，只是步子变小。跟踪一个权重：{param}。",
        "en": "The direction stays, only the step shrinks. Follow one weight: {param}.",
    },
    "train.backward_clip.param": {"zh": "跟踪的权重 {param}", "en": "followed weight {param}"},
    "train.backward_clip.grad": {
        "zh": "它的梯度  {before}  →  {after}",
        "en": "its gradient  {before}  →  {after}",
    },
    # ------------------------------------------------------------------ adam
    "train.adam.heading": {"zh": "优化器更新参数 Adam", "en": "The optimizer step: Adam"},
    "train.adam.say1": {
        "zh": "Adam 不直接用梯度走一步：它记住梯度的滑动平均 m 和梯度平方的滑动平均 v。",
        "en": "Adam does not step along the raw gradient: it keeps running averages of the "
              "gradient, m, and of its square, v.",
    },
    "train.adam.g": {"zh": "θ = {param}，裁剪后的梯度 g =",
                     "en": "θ = {param},  clipped gradient g ="},
    "train.adam.say2": {
        "zh": "这是第 {t} 次更新。m、v 从零开始，会偏小；偏差修正把它们放大回来。",
        "en": "This is update {t}. Starting from zero, m and v come out too small; the bias "
              "correction scales them back up.",
    },
    "train.adam.say3": {
        "zh": "梯度很小，但 Adam 按它自己的尺度归一化：这一步走了学习率的 {ratio} 倍。",
        "en": "The gradient is tiny, but Adam normalises by its own scale: this step moves "
              "{ratio} times the learning rate.",
    },
    "train.adam.result": {
        "zh": "θ：{before}  →  {after}",
        "en": "θ:  {before}  →  {after}",
    },
    # ------------------------------------------------------------------ schedule
    "train.schedule.heading": {"zh": "学习率调度 LR Schedule", "en": "The learning-rate schedule"},
    "train.schedule.say1": {
        "zh": "学习率不是常数：前 {warmup} 步从零慢慢升到 {peak}，这叫预热 warmup。",
        "en": "The learning rate is not constant: over the first {warmup} steps it climbs "
              "from zero to {peak}, the warmup.",
    },
    "train.schedule.x": {"zh": "训练步 →", "en": "training step →"},
    "train.schedule.y": {"zh": "学习率 lr", "en": "learning rate"},
    "train.schedule.name": {
        "zh": "{schedule}：预热 {warmup} 步到 {peak}，再按余弦降到 {low}",
        "en": "{schedule}: warm up for {warmup} steps to {peak}, then a cosine down to {low}",
    },
    "train.schedule.say2": {
        "zh": "然后按余弦曲线慢慢降低。第 {step} 步用的学习率是 {lr}。",
        "en": "Then it falls slowly along a cosine. Step {step} used the learning rate {lr}.",
    },
    "train.schedule.mark": {"zh": "第 {step} 步：{lr}", "en": "step {step}: {lr}"},
    "train.schedule.say3": {
        "zh": "更新完学习率，回到第一步取下一个批次，一共重复 {steps} 次。",
        "en": "With the next learning rate set, back to step one for the next batch, "
              "{steps} times in all.",
    },
    # ------------------------------------------------------------------ loss curve
    "train.curve.heading": {"zh": "损失曲线 Loss Curve", "en": "The loss curve"},
    "train.curve.say1": {
        "zh": "这是真实训练日志里 {steps} 步的损失。",
        "en": "These are the losses of all {steps} steps in the real training log.",
    },
    "train.curve.x": {"zh": "训练步 →", "en": "training step →"},
    "train.curve.y": {"zh": "损失（交叉熵）", "en": "loss (cross-entropy)"},
    "train.curve.uniform": {"zh": "均匀乱猜 {u}", "en": "uniform guess {u}"},
    "train.curve.window": {"zh": "每个点是连续 {k} 步的平均", "en": "each point: mean of {k} steps"},
    "train.curve.every": {"zh": "每一步一个点", "en": "one point per step"},
    "train.curve.say2": {
        "zh": "损失从 {first} 降到 {last}。每一步的批次不同，所以曲线有抖动。",
        "en": "The loss falls from {first} to {last}. Every step has another batch, so the "
              "curve jitters.",
    },
    "train.curve.first": {"zh": "第 {step} 步：{loss}", "en": "step {step}: {loss}"},
    "train.curve.last": {"zh": "第 {step} 步：{loss}", "en": "step {step}: {loss}"},
    "train.curve.final": {
        "zh": "训练后", "en": "after training",
    },
    "train.curve.final_loss": {"zh": "语料平均损失 {loss}", "en": "corpus loss {loss}"},
    "train.curve.final_right": {
        "zh": "贪心翻译 {correct} / {n} 句正确",
        "en": "greedy translations right: {correct} / {n}",
    },
    "train.curve.say3": {
        "zh": "训练结束后，模型把语料里 {n} 句中的 {correct} 句翻译正确。",
        "en": "After training, the model translates {correct} of the corpus's {n} sentences "
              "correctly.",
    },
    # ------------------------------------------------------------------ schedule shapes
    "train.shapes.heading": {
        "zh": "常见的学习率调度策略",
        "en": "Common learning-rate schedules",
    },
    "train.shapes.say1": {
        "zh": "笔记里的几种调度，用同样的峰值和步数画出来。",
        "en": "The notes' schedules, drawn with the same peak and the same number of steps.",
    },
    "train.shapes.warmup_constant": {"zh": "预热 + 常数 Warmup + Constant",
                                     "en": "Warmup + Constant"},
    "train.shapes.warmup_linear": {"zh": "预热 + 线性衰减 Warmup + Linear Decay",
                                   "en": "Warmup + Linear Decay"},
    "train.shapes.warmup_cosine": {"zh": "预热 + 余弦衰减 Warmup + Cosine Decay",
                                   "en": "Warmup + Cosine Decay"},
    "train.shapes.cosine_restarts": {"zh": "余弦重启 Cosine with Restarts",
                                     "en": "Cosine with Restarts"},
    "train.shapes.say2": {
        "zh": "余弦重启每个周期跳回峰值，这里画了 {restarts} 个周期。我们的训练用的是 {schedule}。",
        "en": "Cosine with restarts jumps back to the peak every cycle, {restarts} cycles here. "
              "Our run used {schedule}.",
    },
    "train.shapes.note": {
        "zh": "峰值 {peak}，预热 {warmup} 步，共 {steps} 步，最低 {low}",
        "en": "peak {peak}, warmup {warmup} steps, {steps} steps in all, floor {low}",
    },
    "train.shapes.used": {"zh": "本次训练使用", "en": "used in this run"},
    # ------------------------------------------------------------------ before / after
    "train.before_after.heading": {
        "zh": "训练前后：同一句话的输出分布",
        "en": "Before and after training: one sentence's output",
    },
    "train.before_after.say1": {
        "zh": "同一句话，分别交给训练开始时的模型（随机初始化，种子 {seed}）和训练好的模型。",
        "en": "The same sentence, given to the model as training began (random initialisation, "
              "seed {seed}) and to the trained model.",
    },
    "train.before_after.where": {
        "zh": "输出第 {n} 个英文词时的概率分布（前几名）",
        "en": "probabilities for English word {n} of the output (top tokens)",
    },
    "train.before_after.before": {"zh": "训练前（种子 {seed} 初始化）",
                                  "en": "before (initialised with seed {seed})"},
    "train.before_after.after": {"zh": "训练后（{steps} 步）", "en": "after ({steps} steps)"},
    "train.before_after.greedy": {"zh": "贪心翻译：{words}", "en": "greedy translation: {words}"},
    "train.before_after.say2": {
        "zh": "训练前几乎是乱猜：最高的概率只有 {top}，均匀分布是 {uniform}。",
        "en": "Before training it is nearly a guess: the top probability is only {top}; "
              "uniform would be {uniform}.",
    },
    "train.before_after.say3": {
        "zh": "训练后，「{word}」的概率是 {p}。",
        "en": "After training, “{word}” gets probability {p}.",
    },
    "train.before_after.say4": {
        "zh": "模型的结构没变，变的只是权重：这就是训练循环做的事。",
        "en": "The architecture is the same; only the weights changed. That is what the "
              "training loop does.",
    },
}
