#!/usr/bin/env python3
"""PyTorch eager baseline for fr2r-bench, run on the same machine in the same minute.

A measurement aid, not part of the product (nothing builds, installs or tests it): the issues compare the
C++ core with "the same modules in PyTorch eager", and this machine's speed drifts by tens of percent within
an hour, so a comparison is only fair side by side. It rebuilds SD 1.5's UNet, VAE and CLIP text encoder with
diffusers' structure in plain torch.nn (random weights; the attention as diffusers' AttnProcessor runs it
on PyTorch 1.13: baddbmm, softmax, bmm) and times them as fr2r-bench does: a warm-up, then the median of 3.

    apt-get install python3-torch            # Debian's PyTorch 1.13, on the system BLAS like the core
    tools/pytorch-reference/sd15_eager.py unet --dtype fp32 --batch 3
    tools/pytorch-reference/sd15_eager.py vae --dtype bf16
    tools/pytorch-reference/sd15_eager.py rig --dtype bf16 --steps 20 --strength 0.3 --gamma 0.9
    tools/pytorch-reference/sd15_eager.py rig --dtype bf16 --size 768x1024 --steps 4 --strength 0.5 --repeats 0
    tools/pytorch-reference/sd15_eager.py rig --dtype fp32 --size 768x1024 --memory-only   # what eager needs
    tools/pytorch-reference/sd15_eager.py train --dtype bf16 --size 256   # one LoRA step, as fr2r-bench train
    tools/pytorch-reference/sd15_eager.py peak    # what the machine's kernels deliver, for FLOP bounds
"""
import argparse
import math
import os
import resource
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class ResnetBlock(nn.Module):
    def __init__(self, cin, cout, temb=0, eps=1e-5):
        super().__init__()
        self.norm1, self.conv1 = nn.GroupNorm(32, cin, eps=eps), nn.Conv2d(cin, cout, 3, padding=1)
        self.time_emb_proj = nn.Linear(temb, cout) if temb else None
        self.norm2, self.conv2 = nn.GroupNorm(32, cout, eps=eps), nn.Conv2d(cout, cout, 3, padding=1)
        self.shortcut = nn.Conv2d(cin, cout, 1) if cin != cout else None

    def forward(self, x, temb=None):
        h = self.conv1(F.silu(self.norm1(x)))
        if self.time_emb_proj is not None:
            h = h + self.time_emb_proj(F.silu(temb))[:, :, None, None]
        h = self.conv2(F.silu(self.norm2(h)))
        return (x if self.shortcut is None else self.shortcut(x)) + h


def attention(q, k, v, heads):
    """diffusers' AttnProcessor on PyTorch 1.13: heads folded into the batch, baddbmm with beta 0."""
    def fold(t):
        b, n, d = t.shape
        return t.reshape(b, n, heads, d // heads).permute(0, 2, 1, 3).reshape(b * heads, n, d // heads)
    q, k, v = fold(q), fold(k), fold(v)
    scores = torch.empty(q.shape[0], q.shape[1], k.shape[1], dtype=q.dtype)
    probs = torch.baddbmm(scores, q, k.transpose(1, 2), beta=0, alpha=q.shape[-1] ** -0.5).softmax(-1)
    out = torch.bmm(probs, v)
    bh, n, d = out.shape
    return out.reshape(bh // heads, heads, n, d).permute(0, 2, 1, 3).reshape(bh // heads, n, d * heads)


class Attention(nn.Module):
    def __init__(self, dim, context_dim, heads, tac_level=None):
        super().__init__()
        self.heads, self.tac_level = heads, tac_level
        self.to_q, self.to_k = nn.Linear(dim, dim, bias=False), nn.Linear(context_dim, dim, bias=False)
        self.to_v, self.to_out = nn.Linear(context_dim, dim, bias=False), nn.Linear(dim, dim)
        self.tac = None  # set by the RIG: the levels whose positive row takes the source row's q and k

    def forward(self, x, context=None):
        context = x if context is None else context
        q, k, v = self.to_q(x), self.to_k(context), self.to_v(context)
        if self.tac is not None and self.tac_level in self.tac and q.shape[0] == 3:
            q, k = q.clone(), k.clone()
            q[2], k[2] = q[0], k[0]
        return self.to_out(attention(q, k, v, self.heads))


class TransformerBlock(nn.Module):
    def __init__(self, dim, level):
        super().__init__()
        self.norm1, self.attn1 = nn.LayerNorm(dim), Attention(dim, dim, 8, tac_level=level)
        self.norm2, self.attn2 = nn.LayerNorm(dim), Attention(dim, 768, 8)
        self.norm3, self.ff_in, self.ff_out = nn.LayerNorm(dim), nn.Linear(dim, dim * 8), nn.Linear(dim * 4, dim)

    def forward(self, x, context):
        x = self.attn1(self.norm1(x)) + x
        x = self.attn2(self.norm2(x), context) + x
        h, gate = self.ff_in(self.norm3(x)).chunk(2, dim=-1)
        return self.ff_out(h * F.gelu(gate)) + x


class Transformer2D(nn.Module):
    def __init__(self, channels, level):
        super().__init__()
        self.norm, self.proj_in = nn.GroupNorm(32, channels, eps=1e-6), nn.Conv2d(channels, channels, 1)
        self.block, self.proj_out = TransformerBlock(channels, level), nn.Conv2d(channels, channels, 1)

    def forward(self, x, context):
        b, c, h, w = x.shape
        hidden = self.proj_in(self.norm(x)).permute(0, 2, 3, 1).reshape(b, h * w, c)
        hidden = self.block(hidden, context).reshape(b, h, w, c).permute(0, 3, 1, 2).contiguous()
        return self.proj_out(hidden) + x


class UNet(nn.Module):
    CHANNELS = [320, 640, 1280, 1280]

    def __init__(self):
        super().__init__()
        self.conv_in = nn.Conv2d(4, 320, 3, padding=1)
        self.time_1, self.time_2 = nn.Linear(320, 1280), nn.Linear(1280, 1280)
        self.down, skips, previous = nn.ModuleList(), [320], 320
        for level, channels in enumerate(self.CHANNELS):
            for _ in range(2):
                self.down.append(self._layer(previous, channels, level, level < 3))
                previous = channels
                skips.append(channels)
            if level < 3:
                self.down.append(nn.Conv2d(channels, channels, 3, stride=2, padding=1))
                skips.append(channels)
        self.mid = nn.ModuleList([ResnetBlock(1280, 1280, 1280), Transformer2D(1280, 3), ResnetBlock(1280, 1280, 1280)])
        self.up = nn.ModuleList()
        for level, channels in reversed(list(enumerate(self.CHANNELS))):
            for _ in range(3):
                self.up.append(self._layer(previous + skips.pop(), channels, level, level < 3))
                previous = channels
            if level > 0:
                self.up.append(nn.Conv2d(channels, channels, 3, padding=1))
        self.norm_out, self.conv_out = nn.GroupNorm(32, 320), nn.Conv2d(320, 4, 3, padding=1)

    @staticmethod
    def _layer(cin, cout, level, with_attention):
        layer = nn.ModuleList([ResnetBlock(cin, cout, 1280)])
        if with_attention:
            layer.append(Transformer2D(cout, level))
        return layer

    def forward(self, x, t, context):
        freqs = torch.exp(-math.log(10000) * torch.arange(160, dtype=torch.float32) / 160) * t
        sinusoid = torch.cat([freqs.cos(), freqs.sin()])[None].expand(x.shape[0], 320).to(x.dtype)
        temb = self.time_2(F.silu(self.time_1(sinusoid)))
        h = self.conv_in(x)
        skips = [h]
        for module in self.down:
            h = module(h) if isinstance(module, nn.Conv2d) else self._run(module, h, temb, context)
            skips.append(h)
        h = self.mid[2](self.mid[1](self.mid[0](h, temb), context), temb)
        for module in self.up:
            if isinstance(module, nn.Conv2d):
                h = module(F.interpolate(h, scale_factor=2.0, mode="nearest"))
            else:
                h = self._run(module, torch.cat([h, skips.pop()], 1), temb, context)
        return self.conv_out(F.silu(self.norm_out(h)))

    @staticmethod
    def _run(layer, h, temb, context):
        h = layer[0](h, temb)
        return layer[1](h, context) if len(layer) > 1 else h


class VaeAttention(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.norm = nn.GroupNorm(32, channels, eps=1e-6)
        self.to_q, self.to_k = nn.Linear(channels, channels), nn.Linear(channels, channels)
        self.to_v, self.to_out = nn.Linear(channels, channels), nn.Linear(channels, channels)

    def forward(self, x):
        b, c, h, w = x.shape
        hidden = self.norm(x).view(b, c, h * w).transpose(1, 2)
        out = self.to_out(attention(self.to_q(hidden), self.to_k(hidden), self.to_v(hidden), 1))
        return x + out.transpose(1, 2).reshape(b, c, h, w)


def vae_mid():
    return nn.ModuleList([ResnetBlock(512, 512, eps=1e-6), VaeAttention(512), ResnetBlock(512, 512, eps=1e-6)])


def vae_levels(in_channels, channels, layers, sampler):
    """The resnets of each resolution level; every level but the last ends in a strided or upsampling conv."""
    levels = nn.ModuleList()
    for level, width in enumerate(channels):
        block = nn.Module()
        block.resnets = nn.ModuleList([ResnetBlock(in_channels if i == 0 else width, width, eps=1e-6)
                                       for i in range(layers)])
        block.sampler = sampler(width) if level + 1 < len(channels) else None
        levels.append(block)
        in_channels = width
    return levels


def run_levels(levels, h, resample):
    for block in levels:
        for resnet in block.resnets:
            h = resnet(h)
        if block.sampler is not None:
            h = block.sampler(resample(h))
    return h


class VaeEncoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv_in = nn.Conv2d(3, 128, 3, padding=1)
        self.levels = vae_levels(128, [128, 256, 512, 512], 2, lambda c: nn.Conv2d(c, c, 3, stride=2))
        self.mid, self.norm_out, self.conv_out = vae_mid(), nn.GroupNorm(32, 512, eps=1e-6), nn.Conv2d(512, 8, 3, padding=1)
        self.quant_conv = nn.Conv2d(8, 8, 1)

    def forward(self, x):
        h = run_levels(self.levels, self.conv_in(x), lambda h: F.pad(h, (0, 1, 0, 1)))
        for module in self.mid:
            h = module(h)
        return self.quant_conv(self.conv_out(F.silu(self.norm_out(h))))


class VaeDecoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.post_quant_conv, self.conv_in, self.mid = nn.Conv2d(4, 4, 1), nn.Conv2d(4, 512, 3, padding=1), vae_mid()
        self.levels = vae_levels(512, [512, 512, 256, 128], 3, lambda c: nn.Conv2d(c, c, 3, padding=1))
        self.norm_out, self.conv_out = nn.GroupNorm(32, 128, eps=1e-6), nn.Conv2d(128, 3, 3, padding=1)

    def forward(self, z):
        h = self.conv_in(self.post_quant_conv(z))
        for module in self.mid:
            h = module(h)
        h = run_levels(self.levels, h, lambda h: F.interpolate(h, scale_factor=2.0, mode="nearest"))
        return self.conv_out(F.silu(self.norm_out(h)))


class ClipTextEncoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.token_embedding, self.position_embedding = nn.Embedding(49408, 768), nn.Embedding(77, 768)
        self.layers = nn.ModuleList([nn.ModuleDict({
            "norm1": nn.LayerNorm(768), "q": nn.Linear(768, 768), "k": nn.Linear(768, 768), "v": nn.Linear(768, 768),
            "out": nn.Linear(768, 768), "norm2": nn.LayerNorm(768), "fc1": nn.Linear(768, 3072),
            "fc2": nn.Linear(3072, 768)}) for _ in range(12)])
        self.final_norm = nn.LayerNorm(768)

    def forward(self, ids):
        x = self.token_embedding(ids) + self.position_embedding.weight[None]
        causal = torch.full((77, 77), float("-inf"), dtype=x.dtype).triu(1)
        for layer in self.layers:
            h = layer["norm1"](x)
            q, k, v = (layer[name](h).view(1, 77, 12, 64).transpose(1, 2) for name in ("q", "k", "v"))
            probs = ((q @ k.transpose(-1, -2)) / 8 + causal).softmax(-1)
            x = x + layer["out"]((probs @ v).transpose(1, 2).reshape(1, 77, 768))
            h = layer["fc1"](layer["norm2"](x))
            x = x + layer["fc2"](h * torch.sigmoid(1.702 * h))
        return self.final_norm(x)


def measure(work, repeats=3):
    """(median seconds, GFLOP): the warm-up runs under the profiler, which counts the FLOPs of the work."""
    with torch.profiler.profile(with_flops=True) as profile:
        work()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), sum(event.flops for event in profile.key_averages()) / 1e9


def parse_size(text):
    """--size: "PX" (square) or "WxH", as fr2r-bench takes it; returns (height, width)."""
    width, _, height = text.partition("x")
    return (int(height or width), int(width))


def peak_resident_gib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2 ** 20


def attention_memory(height, width, batch, dtype):
    """GiB the eager attention of the UNet's finest level holds at once: the scores of every head (baddbmm) and
    their softmax, [batch * 8, L, L] each for L latent tokens; the VAE's mid-block attention (one head) likewise."""
    size = torch.finfo(dtype).bits // 8
    tokens = (height // 8) * (width // 8)
    return 2 * batch * 8 * tokens ** 2 * size / 2 ** 30, 2 * tokens ** 2 * size / 2 ** 30


def ddim_alphas():
    betas = torch.linspace(0.00085 ** 0.5, 0.012 ** 0.5, 1000, dtype=torch.float64) ** 2
    return torch.cumprod(1 - betas, 0)


def run_rig(models, image, args):
    """The RIG of shared/golden/README.md with the core's sharing: the source row leaves the batch once TAC ends."""
    unet, encoder, decoder, text = models
    dtype = image.dtype
    alphas, stride = ddim_alphas(), 1000 // args.steps
    alpha_before = lambda t: alphas[max(t - stride, 0)]  # set_alpha_to_one false: alphas[0] before the first step
    self_attentions = [module for module in unet.modules() if isinstance(module, Attention)]
    k = int(args.steps * args.strength)
    controlled = int(args.gamma * k + 1e-9)
    timesteps = [i * stride + 1 for i in range(k)]
    ids = torch.zeros(1, 77, dtype=torch.long)
    contexts = torch.cat([text(ids), text(ids), text(ids)])  # source, negative, positive
    z = encoder(image)[:, :4] * 0.18215
    trajectory = [z]
    for t in timesteps:
        eps = unet(z, t, contexts[:1])
        a_prev, a_t = alpha_before(t), alphas[t]
        z = (a_t.sqrt() * (z - (1 - a_prev).sqrt() * eps) / a_prev.sqrt() + (1 - a_t).sqrt() * eps).to(dtype)
        trajectory.append(z)
    x = z
    for i, t in enumerate(reversed(timesteps)):
        for attention in self_attentions:
            attention.tac = {0, 1} if i < controlled else None
        rows = [trajectory[k - i], x, x] if i < controlled else [x, x]
        eps = unet(torch.cat(rows), t, contexts[-len(rows):])
        eps = eps[-2] + args.guidance * (eps[-1] - eps[-2])
        a_t, a_prev = alphas[t], alpha_before(t)
        x0 = (x - (1 - a_t).sqrt() * eps) / a_t.sqrt()
        x = (a_prev.sqrt() * x0 + (1 - a_prev).sqrt() * eps).to(dtype)
    return decoder(x / 0.18215).clamp(-1, 1)


class LoraLinear(nn.Module):
    """PEFT's LoRA on a frozen nn.Linear: W x + b + (alpha / rank) * B (A x), A Kaiming-uniform, B zero."""

    def __init__(self, base, rank, alpha):
        super().__init__()
        self.base, self.scale = base, alpha / rank
        self.lora_A = nn.Linear(base.in_features, rank, bias=False)
        self.lora_B = nn.Linear(rank, base.out_features, bias=False)
        nn.init.kaiming_uniform_(self.lora_A.weight, a=math.sqrt(5))
        nn.init.zeros_(self.lora_B.weight)

    def forward(self, x):
        return self.base(x) + self.lora_B(self.lora_A(x)) * self.scale


def add_lora(unet, rank=4, alpha=4.0):
    """LoRA on to_q, to_k, to_v and to_out of every attn1 and attn2; returns the trainable (float32) matrices."""
    unet.requires_grad_(False)
    for module in list(unet.modules()):
        if isinstance(module, Attention):
            for name in ("to_q", "to_k", "to_v", "to_out"):
                setattr(module, name, LoraLinear(getattr(module, name), rank, alpha))
    return [p for name, p in unet.named_parameters() if "lora_" in name]


def train_step(models, optimizer, image, dtype):
    """One step of diffusers' train_text_to_image_lora.py: the VAE and the text encoder without gradients, a
    latent sampled from the encoder's distribution, a uniform timestep of the DDPM schedule, the UNet forward and
    backward under autocast (bf16: frozen weights in bf16, LoRA in float32, as the script casts them), MSE on
    epsilon, AdamW."""
    unet, encoder, text = models
    with torch.no_grad():
        moments = encoder(image).float()
        mean, logvar = moments[:, :4], moments[:, 4:].clamp(-30.0, 20.0)
        latents = (mean + torch.exp(0.5 * logvar) * torch.randn_like(mean)) * 0.18215
        context = text(torch.zeros(1, 77, dtype=torch.long))
    noise = torch.randn_like(latents)
    t = int(torch.randint(0, 1000, (1,)))
    alpha = ddim_alphas()[t].item()  # the same scaled-linear betas as DDPM's
    noisy = (math.sqrt(alpha) * latents + math.sqrt(1 - alpha) * noise).to(dtype)
    with torch.autocast("cpu", dtype=torch.bfloat16, enabled=dtype == torch.bfloat16):
        prediction = unet(noisy, t, context)
    loss = F.mse_loss(prediction.float(), noise)
    loss.backward()
    optimizer.step()
    optimizer.zero_grad(set_to_none=True)
    return loss.item()


def run_train(args, dtype):
    unet, encoder, text = UNet().to(dtype), VaeEncoder().to(dtype).eval(), ClipTextEncoder().to(dtype).eval()
    lora = add_lora(unet)  # created after the cast: float32, as diffusers' cast_training_params leaves them
    optimizer = torch.optim.AdamW(lora, lr=1e-4, weight_decay=1e-2)
    image = torch.rand(1, 3, *args.size, dtype=dtype).mul(2).sub(1)
    seconds, gflop = measure(lambda: train_step((unet, encoder, text), optimizer, image, dtype))
    peak_gib = peak_resident_gib()
    print(f"train step (LoRA rank 4 on {len(lora) // 2} projections, batch 1): median {seconds:.3f} s, "
          f"{gflop:.0f} GFLOP, {peak_gib:.2f} GiB peak resident")


def peak():
    """The best the kernels do here: a large GEMM and a 3x3 convolution (GFLOP/s)."""
    for dtype in (torch.float32, torch.bfloat16):
        a, b = torch.randn(4096, 4096, dtype=dtype), torch.randn(4096, 4096, dtype=dtype)
        gemm = 2 * 4096 ** 3 / measure(lambda: torch.mm(a, b))[0]
        conv = nn.Conv2d(512, 512, 3, padding=1).to(dtype).to(memory_format=torch.channels_last)
        x = torch.randn(1, 512, 32, 32, dtype=dtype).to(memory_format=torch.channels_last)
        convolution = 32 * 32 * 512 * 512 * 9 * 2 / measure(lambda: conv(x), repeats=5)[0]
        print(f"peak {dtype}: GEMM 4096^3 {gemm / 1e9:.0f} GFLOP/s, conv 3x3 512->512 at 32x32 {convolution / 1e9:.0f} GFLOP/s")


def run_rig_command(args, dtype, prepare, layout):
    height, width = args.size
    unet_gib, vae_gib = attention_memory(height, width, 3, dtype)
    print(f"eager attention holds at once: {unet_gib:.1f} GiB in a batch-3 generation pass (scores and softmax of "
          f"8 heads), {unet_gib / 3:.1f} GiB in an inversion pass, {vae_gib:.1f} GiB in the VAE's mid block")
    if args.memory_only:
        return
    models = (prepare(UNet()), prepare(VaeEncoder()), prepare(VaeDecoder()), prepare(ClipTextEncoder()))
    image = torch.rand(1, 3, height, width, dtype=dtype).mul(2).sub(1).to(memory_format=layout)
    if args.repeats == 0:
        start = time.perf_counter()
        run_rig(models, image, args)
        seconds, gflop, runs = time.perf_counter() - start, float("nan"), "one cold run"
    else:
        seconds, gflop = measure(lambda: run_rig(models, image, args), repeats=args.repeats or 1)
        runs = "median after a warm-up"
    print(f"RIG N {args.steps}, strength {args.strength}, gamma {args.gamma}: {seconds:.3f} s ({runs}), "
          f"{gflop:.0f} GFLOP, {peak_resident_gib():.2f} GiB peak resident")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["unet", "vae", "rig", "train", "peak"])
    parser.add_argument("--dtype", choices=["fp32", "bf16"], default="fp32")
    parser.add_argument("--batch", type=int, default=1)
    parser.add_argument("--size", type=parse_size, default=(256, 256), help="PX or WxH (768x1024)")
    parser.add_argument("--repeats", type=int, default=None,
                        help="timed runs after the profiled warm-up (default 3, rig 1); 0: one cold run, no FLOPs")
    parser.add_argument("--memory-only", action="store_true", help="rig: print what eager's attention needs, run nothing")
    parser.add_argument("--channels-last", action="store_true", help="convolutions channels-last (diffusers: no)")
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--strength", type=float, default=0.3)
    parser.add_argument("--gamma", type=float, default=0.9)
    parser.add_argument("--guidance", type=float, default=7.5)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    dtype = {"fp32": torch.float32, "bf16": torch.bfloat16}[args.dtype]
    layout = torch.channels_last if args.channels_last else torch.contiguous_format
    height, width = args.size
    print(f"PyTorch {torch.__version__} eager, {args.dtype}, {width}x{height}, {torch.get_num_threads()} threads")
    if args.what == "train":  # gradients: outside inference mode
        run_train(args, dtype)
        return
    with torch.inference_mode():
        if args.what == "peak":
            peak()
            return
        latent_size = (height // 8, width // 8)
        prepare = lambda module: module.to(dtype).to(memory_format=layout).eval()
        if args.what == "unet":
            unet = prepare(UNet())
            x = torch.randn(args.batch, 4, *latent_size, dtype=dtype).to(memory_format=layout)
            context = torch.randn(args.batch, 77, 768, dtype=dtype)
            seconds, gflop = measure(lambda: unet(x, 500, context), repeats=args.repeats or 3)
            print(f"UNet batch {args.batch}: median {seconds:.3f} s, {gflop:.0f} GFLOP")
        elif args.what == "vae":
            encoder, decoder = prepare(VaeEncoder()), prepare(VaeDecoder())
            image = torch.randn(1, 3, height, width, dtype=dtype).to(memory_format=layout)
            z = torch.randn(1, 4, *latent_size, dtype=dtype).to(memory_format=layout)
            (encode, encode_gflop), (decode, decode_gflop) = measure(lambda: encoder(image), args.repeats or 3), measure(lambda: decoder(z), args.repeats or 3)
            print(f"VAE encode: median {encode:.3f} s, {encode_gflop:.0f} GFLOP; "
                  f"decode: median {decode:.3f} s, {decode_gflop:.0f} GFLOP")
        else:
            run_rig_command(args, dtype, prepare, layout)


if __name__ == "__main__":
    main()
