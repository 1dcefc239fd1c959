using Gem.Samples.QuickStart.Experiment;

namespace Gem.Samples.QuickStart.Cli;

/// <summary>The experiment a demo run performs for its settings.</summary>
public static class DemoPlan
{
    /// <summary>The plan for <paramref name="settings"/>: the same methods in every mode; sizes by mode.</summary>
    public static ExperimentPlan For(DemoSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new ExperimentPlan
        {
            Data = settings.Data,
            Model = ModelShape.Small,
            WarmStart = new WarmStartOptions(settings.WarmStartSteps, DefaultMethods.WarmStart.BatchSize, DefaultMethods.WarmStart.LearningRate, DefaultMethods.WarmStart.Seed),
            Methods = DefaultMethods.All,
            Seeds = Enumerable.Range(1, settings.Seeds).ToList(),
            Steps = settings.Steps,
            BatchSize = 8,
            CurvePoints = settings.Mode == DemoMode.Quick ? 1 : 3,
            Calibration = new CalibrationOptions(prompts: settings.Mode == DemoMode.Quick ? 48 : 100, candidates: 8, temperature: 1.0, seed: 17),
            CacheDirectory = settings.CacheDirectory,
        };
    }
}
