using Gem.Samples.Llama.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Gem.Samples.Llama.Checkpoints;

/// <summary>Copies named checkpoint tensors into a model's parameters, checking that every parameter is present with
/// its exact shape and that nothing unexpected is left over.</summary>
internal static class ParameterAssignment
{
    /// <summary>Copies <paramref name="tensorFor"/>(name) into every parameter of <paramref name="model"/> (converting dtype and device).</summary>
    /// <param name="model">The model to fill.</param>
    /// <param name="available">Names the checkpoint holds.</param>
    /// <param name="tensorFor">Reads one tensor by name (on the CPU; disposed after copying).</param>
    /// <param name="source">The checkpoint, for messages.</param>
    /// <param name="ignorable">Names that may be present without a parameter (e.g. a tied <c>lm_head.weight</c>).</param>
    /// <exception cref="InvalidDataException">When a tensor is missing, has the wrong shape, or is unexpected.</exception>
    public static void CopyInto(LlamaForCausalLM model, IReadOnlyCollection<string> available, Func<string, Tensor> tensorFor, string source, Func<string, bool>? ignorable = null)
    {
        var names = new HashSet<string>(available, StringComparer.Ordinal);
        var parameters = model.named_parameters().ToList();
        var missing = parameters.Select(p => p.name).Where(n => !names.Contains(n)).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException($"The checkpoint '{source}' lacks {missing.Count} tensor(s) the model needs: {string.Join(", ", missing.Take(8))}{(missing.Count > 8 ? ", …" : "")}.");
        var expected = parameters.Select(p => p.name).ToHashSet(StringComparer.Ordinal);
        var unexpected = names.Where(n => !expected.Contains(n) && !(ignorable?.Invoke(n) ?? false)).OrderBy(n => n, StringComparer.Ordinal).ToList();
        if (unexpected.Count > 0)
            throw new InvalidDataException($"The checkpoint '{source}' has {unexpected.Count} tensor(s) this Llama model does not know: {string.Join(", ", unexpected.Take(8))}{(unexpected.Count > 8 ? ", …" : "")}.");

        using var noGrad = torch.no_grad();
        foreach (var (name, parameter) in parameters)
        {
            using var scope = torch.NewDisposeScope();
            var tensor = tensorFor(name);
            if (!tensor.shape.SequenceEqual(parameter.shape))
                throw new InvalidDataException($"The tensor '{name}' in '{source}' has shape [{string.Join(", ", tensor.shape)}]; the model expects [{string.Join(", ", parameter.shape)}].");
            parameter.copy_(tensor);
        }
    }
}
