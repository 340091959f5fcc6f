#include "bench/BenchOptions.h"

#include "core/api/Error.h"

#include <sstream>

namespace fr2r::bench {
namespace {

std::vector<double> parseList(const std::string& text)
{
    std::vector<double> values;
    std::stringstream stream(text);
    std::string item;
    while (std::getline(stream, item, ','))
        values.push_back(std::stod(item));
    return values;
}

void parseSize(const std::string& text, BenchOptions& options)
{
    const auto x = text.find('x');
    options.width = std::stoi(text.substr(0, x));
    options.height = x == std::string::npos ? options.width : std::stoi(text.substr(x + 1));
}

} // namespace

const char* BenchOptions::usage()
{
    return "usage: fr2r-bench COMMAND [options]\n"
           "  check-golden DIR        compare with the reference tensors in DIR (shared/golden/tiny or metrics)\n"
           "  attention               time one attention call of the UNet's finest level (--batch) and of the VAE's\n"
           "                          mid block over the latent tokens of --size, against a GEMM's rate\n"
           "  unet                    time SD 1.5-sized UNet forward passes and VAE encode/decode (random weights)\n"
           "  rig                     time one Realistic Image Generation run, split by phase\n"
           "  vae                     the SD 1.5-sized VAE alone (random weights): encode and decode, each's peak\n"
           "                          resident memory above the weights and the stages it ran in row bands\n"
           "  sweep                   time a strength x gamma sweep against separate runs\n"
           "  train                   time one LoRA training step (DkiTrainer: VAE encode, UNet forward and backward, AdamW)\n"
           "options: --config sd15 --device cpu|cuda --dtype fp32|fp16|bf16 --batch N --size PX|WxH --steps N\n"
           "         --strength S --gamma G --strengths a,b,c --gammas a,b,c --repeats N (0: one cold run) --tokenizer DIR\n"
           "         --budget MiB (attention's and the VAE stages' working memory; 0: unbounded)\n"
           "         --gradient-checkpointing (train; the step encodes its image every time, as PyTorch eager's does)\n"
           "         --trace FILE (unet, rig, train: profiled passes as Chrome traces FILE.unet.json, FILE.vae.json,\n"
           "         FILE.rig.json, FILE.train.json)\n";
}

BenchOptions BenchOptions::parse(int argc, char** argv)
{
    BenchOptions options;
    if (argc < 2)
        throw InvalidArgumentError("no command given");
    options.command = argv[1];
    std::string device = "cpu";
    std::string dtype = "fp32";
    for (int i = 2; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg.rfind("--", 0) != 0) {
            options.positional.push_back(arg);
            continue;
        }
        if (arg == "--gradient-checkpointing") {
            options.gradientCheckpointing = true;
            continue;
        }
        if (i + 1 >= argc)
            throw InvalidArgumentError(arg + " needs a value");
        const std::string value = argv[++i];
        try {
            if (arg == "--config") options.config = value;
            else if (arg == "--device") device = value;
            else if (arg == "--dtype") dtype = value;
            else if (arg == "--batch") options.batch = std::stoi(value);
            else if (arg == "--size") parseSize(value, options);
            else if (arg == "--steps") options.steps = std::stoi(value);
            else if (arg == "--strength") options.strength = std::stod(value);
            else if (arg == "--gamma") options.gamma = std::stod(value);
            else if (arg == "--strengths") options.strengths = parseList(value);
            else if (arg == "--gammas") options.gammas = parseList(value);
            else if (arg == "--repeats") options.repeats = std::stoi(value);
            else if (arg == "--tokenizer") options.tokenizerDir = value;
            else if (arg == "--trace") options.traceFile = value;
            else if (arg == "--budget") options.budgetMiB = std::stoll(value);
            else throw InvalidArgumentError("unknown option " + arg);
        } catch (const std::logic_error&) {
            throw InvalidArgumentError("bad value '" + value + "' for " + arg);
        }
    }
    if (options.config != "sd15")
        throw InvalidArgumentError("only --config sd15 is known");
    options.context = core::ComputeContext::choose(core::parseDeviceChoice(device), core::parsePrecisionChoice(dtype));
    return options;
}

} // namespace fr2r::bench
