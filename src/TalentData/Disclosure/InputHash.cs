using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace TalentData.Disclosure;

/// <summary>
/// SHA-256 over a sequence of texts and numbers, streamed: each text is written with its length first, so no two
/// different sequences give the same bytes, and nothing is concatenated into one large string before hashing.
/// </summary>
internal sealed class InputHash : IDisposable
{
    readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    // Rented: a protection hashes every cube-year's inputs, and a new 64 KiB buffer each time was a large share of
    // what fingerprinting allocated.
    byte[] buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
    int used;

    public InputHash Add(string? text)
    {
        if (text is null)
            return Add(-1L);
        var most = Encoding.UTF8.GetMaxByteCount(text.Length) + sizeof(long);
        Reserve(most);
        BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(used), text.Length);
        used += sizeof(long);
        used += Encoding.UTF8.GetBytes(text, buffer.AsSpan(used));
        return this;
    }

    public InputHash Add(long value)
    {
        Reserve(sizeof(long));
        BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(used), value);
        used += sizeof(long);
        return this;
    }

    /// <summary>A nullable count: null and every value are told apart.</summary>
    public InputHash Add(long? value) => value is { } v ? Add(1L).Add(v) : Add(0L);

    public InputHash Add(bool value) => Add(value ? 1L : 0L);

    public string Finish()
    {
        Flush();
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    void Reserve(int bytes)
    {
        if (used + bytes <= buffer.Length)
            return;
        Flush();
        if (bytes > buffer.Length)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = ArrayPool<byte>.Shared.Rent(bytes);
        }
    }

    void Flush()
    {
        hash.AppendData(buffer, 0, used);
        used = 0;
    }

    public void Dispose()
    {
        hash.Dispose();
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = [];
    }
}
