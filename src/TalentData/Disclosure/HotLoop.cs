using System.Runtime.CompilerServices;

namespace TalentData.Disclosure;

/// <summary>
/// How the loops every cube-year runs are compiled (<c>[MethodImpl(HotLoop.Compile)]</c>). In a build's output
/// (<c>dotnet build</c>, <c>dotnet run</c>, the tests) the JIT compiles them optimised at their first call
/// (AggressiveOptimization), instead of unoptimised (tier 0) for most of a short `talentdata run`. In the deployed
/// CLI, published ReadyToRun (docs/operations.md), they are precompiled like all other code: crossgen2 leaves a method
/// marked AggressiveOptimization out, so the attribute would make the deployed process compile them at run time after
/// all (the disclosure stage of the sample: 0.51 s CPU with it, 0.42 s without; docs/performance.md).
/// </summary>
internal static class HotLoop
{
#if READY_TO_RUN
    public const MethodImplOptions Compile = 0;
#else
    public const MethodImplOptions Compile = MethodImplOptions.AggressiveOptimization;
#endif
}
