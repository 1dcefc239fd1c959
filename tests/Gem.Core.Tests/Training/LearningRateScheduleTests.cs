using Gem.Core.Training;

namespace Gem.Core.Tests.Training;

public sealed class LearningRateScheduleTests
{
    [Fact]
    public void Cosine_with_warmup_has_the_known_values()
    {
        var s = LearningRateSchedule.Cosine(peakLearningRate: 1e-3, warmupSteps: 10, totalSteps: 110);
        Assert.Equal(0.0, s.LearningRateAt(0));
        Assert.Equal(5e-4, s.LearningRateAt(5), 15);
        Assert.Equal(1e-3, s.LearningRateAt(10), 15);
        Assert.Equal(5e-4, s.LearningRateAt(60), 15);            // halfway: ½(1 + cos(π/2))
        Assert.Equal(1e-3 * 0.5 * (1 + Math.Cos(Math.PI * 0.25)), s.LearningRateAt(35), 15);
        Assert.Equal(0.0, s.LearningRateAt(110), 15);
        Assert.Equal(0.0, s.LearningRateAt(500), 15);
    }

    [Fact]
    public void Cosine_decays_to_the_minimum()
    {
        var s = LearningRateSchedule.Cosine(2.0, 0, 4, minimumLearningRate: 1.0);
        Assert.Equal(2.0, s.LearningRateAt(0), 15);
        Assert.Equal(1.5, s.LearningRateAt(2), 15);
        Assert.Equal(1.0, s.LearningRateAt(4), 15);
        Assert.Equal(1.0, s.LearningRateAt(9), 15);
    }

    [Fact]
    public void Linear_and_constant_have_the_known_values()
    {
        var linear = LearningRateSchedule.Linear(1.0, 2, 6);
        Assert.Equal([0.0, 0.5, 1.0, 0.75, 0.5, 0.25, 0.0, 0.0], Enumerable.Range(0, 8).Select(i => linear.LearningRateAt(i)).ToArray());
        var constant = LearningRateSchedule.Constant(0.1, warmupSteps: 4);
        double[] expected = [0.0, 0.025, 0.05, 0.075, 0.1, 0.1];
        for (var i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], constant.LearningRateAt(i), 15);
        Assert.Equal(0.3, LearningRateSchedule.Constant(0.3).LearningRateAt(0));
    }

    [Fact]
    public void Bad_parameters_are_rejected_when_the_schedule_is_built()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.Constant(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.Constant(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.Cosine(1, 10, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.Cosine(1, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.Linear(1, -1, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.Linear(1, 0, 5, minimumLearningRate: 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.Constant(1).LearningRateAt(-1));
    }

    [Fact]
    public void Apply_sets_the_rate_of_every_parameter_group_and_the_optimiser_uses_it()
    {
        using var a = nn.Linear(2, 1);
        using var b = nn.Linear(2, 1);
        using var optimizer = optim.SGD([new TorchSharp.Modules.SGD.ParamGroup(a.parameters()), new TorchSharp.Modules.SGD.ParamGroup(b.parameters())], 0.5);
        var schedule = LearningRateSchedule.Linear(1.0, 0, 4);
        Assert.Equal(0.75, schedule.Apply(optimizer, 1));
        Assert.All(optimizer.ParamGroups, g => Assert.Equal(0.75, g.LearningRate));

        // One SGD step moves a weight by exactly lr · grad.
        using var before = a.weight!.detach().clone();
        using (var loss = a.call(ones(1, 2)).sum())
            loss.backward();
        using var grad = a.weight!.grad!.clone();
        optimizer.step();
        using var moved = before - a.weight!.detach();
        using var expected = grad * 0.75;
        Assert.True(moved.allclose(expected, rtol: 1e-6, atol: 1e-7));
    }
}
