using System.Runtime.CompilerServices;

namespace TalentData.Disclosure;

/// <summary>
/// How the loops every cube-year runs are compiled (<c>[MethodImpl(HotLoop.Compile)]</c>). In a build's output
/// (<c>dotnet build</c>, <c>dotnet run</c>, the tests) the JIT compiles them optimised at their first call
/// (AggressiveOptimization), instead of unoptimised (tier 0) for most of a short `talentdata run`. In the deployed
/// CLI, published ReadyToRun (docs/operations.md), they are precompiled like all other code: crossgen2 leaves a method
/// marked AggressiveOptimization out, so the attribute would make the deployed process compile them at run time after
/// all (the disclosure stage of the sample: 0.51 s CPU with it, 0.42 s without; docs/performance.md).
/// <para>
/// ReadyToRun does not precompile the framework's generics instantiated over value types (<c>List&lt;decimal?&gt;</c>,
/// <c>Dictionary&lt;string, int?&gt;</c>, lists of tuples, LINQ over ints or tuples, Dapper's queries of tuples,
/// <c>Parallel.ForEach</c> over ints): every new process compiles each of them at tier 0 when first called and runs
/// it unoptimised. The code of the disclosure stage, where a short run spends its time, avoids them (arrays, loops,
/// classes and records instead); the places say so with "no generics over value types (HotLoop)".
/// </para>
/// </summary>
internal static class HotLoop
{
#if READY_TO_RUN
    public const MethodImplOptions Compile = 0;
#else
    public const MethodImplOptions Compile = MethodImplOptions.AggressiveOptimization;
#endif
}
