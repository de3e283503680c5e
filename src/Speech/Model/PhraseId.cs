namespace BroadcastOperator.Speech.Model;

/// <summary>Monotonic number of a phrase within one session; captions and audio of every language carry it.</summary>
public readonly record struct PhraseId(long Value) : IComparable<PhraseId>
{
    public int CompareTo(PhraseId other) => Value.CompareTo(other.Value);

    public PhraseId Next() => new(Value + 1);

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
