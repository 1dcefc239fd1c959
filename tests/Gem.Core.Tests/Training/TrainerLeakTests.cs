using System.Diagnostics;
using Gem.Core.Generation;
using Gem.Core.Training;
using Gem.Testing;
using Gem.Testing.Models;

namespace Gem.Core.Tests.Training;

public sealed class TrainerLeakTests
{
    [Fact]
    public void Two_hundred_GEM_steps_keep_the_live_tensor_count_flat_and_memory_bounded()
    {
        var policy = new TinyLlamaPolicy(new TinyLlama(TrainerFixtures.Config() with { Dimension = 16, Layers = 1, Heads = 2, KeyValueHeads = 1, HiddenDimension = 32 }));
        var options = new TrainerOptions
        {
            Schedule = LearningRateSchedule.Cosine(1e-3, warmupSteps: 5, totalSteps: 200),
            BatchSize = 2,
            EndOfSequenceTokenId = CharacterTokenizer.Eos,
            Seed = 5,
        };
        var gem = new GemTrainerOptions
        {
            Generation = new GenerationOptions { CandidatesPerPrompt = 2, MaxNewTokens = 6, StopTokenIds = [CharacterTokenizer.Eos] },
        };
        using var trainer = new GemTrainer(policy, TrainerFixtures.Encoder(), gem, options);
        var pairs = TrainerFixtures.Pairs(6);

        trainer.Train(pairs, steps: 20);
        var tensorsAfterWarmUp = TensorLeakCheck.LiveTensors;
        var memoryAfterWarmUp = SettledWorkingSet();
        var counts = new List<long>();
        trainer.Train(pairs, steps: 200, new Progress(counts));

        Assert.Equal(200, trainer.CompletedSteps);
        Assert.True(counts.All(c => c == tensorsAfterWarmUp), $"live tensors after step 20: {tensorsAfterWarmUp}; after the later steps: {string.Join(", ", counts.Distinct())}");
        var growth = SettledWorkingSet() - memoryAfterWarmUp;
        Assert.True(growth < 64L << 20, $"the working set grew by {growth >> 20} MiB over 180 steps");
    }

    private sealed class Progress(List<long> counts) : IProgress<Gem.Core.Diagnostics.GemStepMetrics>
    {
        public void Report(Gem.Core.Diagnostics.GemStepMetrics value) => counts.Add(TensorLeakCheck.LiveTensors);
    }

    private static long SettledWorkingSet()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.WorkingSet64;
    }
}
