using SesMail.Emulator.Protocols;

namespace SesMail.Emulator.Sqs;

/// <summary>
/// One standard queue: its settings and its messages in send order, guarded by one lock. Receivers waiting on a
/// long poll await <see cref="Arrival"/>, which completes on every send and every change that may make a message
/// visible, so a waiting <c>ReceiveMessage</c> answers within milliseconds.
/// </summary>
internal sealed class SqsQueue
{
    private long _sent;
    private long _received;
    private long _deleted;

    private readonly Lock _lock = new();
    private readonly LinkedList<SqsMessage> _messages = new();
    private readonly Dictionary<string, LinkedListNode<SqsMessage>> _byId = new(StringComparer.Ordinal);
    private readonly ResourceTags _tags = new();
    private TaskCompletionSource _arrival = NewSignal();

    /// <summary>
    /// Messages changed since the persistence journal last took them, while tracking is on:
    /// <c>true</c> for one enqueued since (the journal writes it whole), <c>false</c> for one whose receive state changed.
    /// A message no longer in the queue is written as deleted.
    /// </summary>
    private Dictionary<string, bool> _changed = new(StringComparer.Ordinal);
    private long _lastSequence;

    /// <summary>Whether changes are recorded for the persistence journal (<c>SqsSnapshot.cs</c>); set under the queue's lock by it.</summary>
    private bool _trackChanges;

    public SqsQueue(string region, string accountId, string name, SqsQueueSettings settings, long createdSeconds)
    {
        Region = region;
        AccountId = accountId;
        Name = name;
        Arn = $"arn:aws:sqs:{region}:{accountId}:{name}";
        Settings = settings;
        CreatedTimestamp = createdSeconds;
        LastModifiedTimestamp = createdSeconds;
    }

    public string Region { get; }

    public string AccountId { get; }

    public string Name { get; }

    public string Arn { get; }

    /// <summary>Epoch seconds.</summary>
    public long CreatedTimestamp { get; }

    /// <summary>Epoch seconds.</summary>
    public long LastModifiedTimestamp { get; private set; }

    /// <summary>The current settings; replaced whole by <see cref="UpdateSettings"/>.</summary>
    public SqsQueueSettings Settings { get; private set; }

    /// <summary>Set once the queue is deleted: waiting receivers return empty.</summary>
    public bool IsDeleted { get; private set; }

    /// <summary>Completes at the next send (or visibility change); take it before looking for messages.</summary>
    public Task Arrival
    {
        get
        {
            lock (_lock)
            {
                return _arrival.Task;
            }
        }
    }

    /// <summary>Puts back the last-modified time read from a snapshot (epoch seconds).</summary>
    public void RestoreLastModified(long seconds)
    {
        lock (_lock)
        {
            LastModifiedTimestamp = seconds;
        }
    }

    /// <summary>Copies the messages (send order) and tags under the lock, for a snapshot.</summary>
    public (List<SqsMessageRecord> Messages, Dictionary<string, string> Tags) Capture()
    {
        lock (_lock)
        {
            return ([.. _messages.Select(SqsMessageRecord.From)], _tags.Snapshot());
        }
    }

    public void UpdateSettings(Func<SqsQueueSettings, SqsQueueSettings> change, long nowSeconds)
    {
        lock (_lock)
        {
            Settings = change(Settings);
            LastModifiedTimestamp = nowSeconds;
        }

        Signal(); // a shorter delay or visibility may make messages receivable sooner
    }

    public void Enqueue(SqsMessage message, long visibleAt)
    {
        lock (_lock)
        {
            message.VisibleAt = visibleAt;
            message.Sequence = ++_lastSequence;
            _byId[message.MessageId] = _messages.AddLast(message);
            if (_trackChanges)
            {
                _changed[message.MessageId] = true;
            }
        }

        Signal();
    }

    /// <summary>Hides and returns up to <paramref name="max"/> receivable messages, dropping expired ones.</summary>
    /// <param name="max">1 to 10.</param>
    /// <param name="visibilityMs">How long received messages stay hidden.</param>
    /// <param name="now">Epoch milliseconds.</param>
    /// <param name="newReceiptToken">Makes the token of a new receipt handle.</param>
    /// <param name="deadLetters">Receives messages past the redrive policy's maxReceiveCount (removed from this queue).</param>
    /// <param name="nextVisibleAt">Epoch milliseconds when the next hidden message becomes receivable, or <see cref="long.MaxValue"/>.</param>
    /// <returns>Snapshots of the received messages.</returns>
    public List<SqsReceipt> Receive(int max, long visibilityMs, long now, Func<string> newReceiptToken, List<SqsMessage> deadLetters, out long nextVisibleAt)
    {
        var received = new List<SqsReceipt>(max);
        nextVisibleAt = long.MaxValue;
        lock (_lock)
        {
            var retentionMs = Settings.MessageRetentionPeriod * 1000L;
            var maxReceiveCount = Settings.RedrivePolicy?.MaxReceiveCount;
            var node = _messages.First;
            while (node is not null && received.Count < max)
            {
                var next = node.Next;
                var message = node.Value;
                if (now - message.SentTimestamp >= retentionMs)
                {
                    Remove(node);
                }
                else if (message.VisibleAt > now)
                {
                    nextVisibleAt = Math.Min(nextVisibleAt, message.VisibleAt);
                }
                else if (message.ReceiveCount >= maxReceiveCount)
                {
                    Remove(node);
                    deadLetters.Add(message.ForDeadLetterQueue());
                }
                else
                {
                    message.ReceiveCount++;
                    if (message.FirstReceiveTimestamp == 0)
                    {
                        message.FirstReceiveTimestamp = now;
                    }

                    message.ReceiptToken = newReceiptToken();
                    message.VisibleAt = now + visibilityMs;
                    MarkChanged(message.MessageId);
                    received.Add(new SqsReceipt(message, message.ReceiptToken, message.ReceiveCount, message.FirstReceiveTimestamp));
                }

                node = next;
            }
        }

        return received;
    }

    /// <summary>Drops expired messages and takes out receivable messages past maxReceiveCount.</summary>
    /// <param name="now">Epoch milliseconds.</param>
    /// <param name="deadLetters">Receives the messages to move to the dead-letter queue.</param>
    public void Sweep(long now, List<SqsMessage> deadLetters)
    {
        lock (_lock)
        {
            var retentionMs = Settings.MessageRetentionPeriod * 1000L;
            var maxReceiveCount = Settings.RedrivePolicy?.MaxReceiveCount;
            var node = _messages.First;
            while (node is not null)
            {
                var next = node.Next;
                var message = node.Value;
                if (now - message.SentTimestamp >= retentionMs)
                {
                    Remove(node);
                }
                else if (message.VisibleAt <= now && message.ReceiveCount >= maxReceiveCount)
                {
                    Remove(node);
                    deadLetters.Add(message.ForDeadLetterQueue());
                }

                node = next;
            }
        }
    }

    /// <summary>Deletes the message when <paramref name="receiptToken"/> is its latest receipt; a stale receipt deletes nothing (as SQS).</summary>
    /// <returns>Whether a message was deleted.</returns>
    public bool Delete(string messageId, string receiptToken)
    {
        lock (_lock)
        {
            if (_byId.TryGetValue(messageId, out var node) && node.Value.ReceiptToken == receiptToken)
            {
                Remove(node);
                return true;
            }

            return false;
        }
    }

    /// <summary>Changes the remaining visibility of an in-flight message.</summary>
    /// <returns><c>false</c> when the message is gone, not in flight, or the receipt is stale.</returns>
    public bool ChangeVisibility(string messageId, string receiptToken, long visibilityMs, long now)
    {
        lock (_lock)
        {
            if (!_byId.TryGetValue(messageId, out var node) || node.Value.ReceiptToken != receiptToken || node.Value.VisibleAt <= now)
            {
                return false;
            }

            node.Value.VisibleAt = now + visibilityMs;
            MarkChanged(messageId);
        }

        if (visibilityMs == 0)
        {
            Signal();
        }

        return true;
    }

    public void Purge()
    {
        lock (_lock)
        {
            foreach (var id in _byId.Keys)
            {
                MarkChanged(id);
            }

            _messages.Clear();
            _byId.Clear();
        }
    }

    public void MarkDeleted()
    {
        lock (_lock)
        {
            IsDeleted = true;
            _messages.Clear();
            _byId.Clear();
        }

        Signal();
    }

    /// <summary>ApproximateNumberOfMessages, …NotVisible (received, hidden) and …Delayed (never received, hidden).</summary>
    public (int Visible, int NotVisible, int Delayed) Count(long now)
    {
        lock (_lock)
        {
            var retentionMs = Settings.MessageRetentionPeriod * 1000L;
            int visible = 0, notVisible = 0, delayed = 0;
            foreach (var message in _messages)
            {
                if (now - message.SentTimestamp >= retentionMs)
                {
                    continue;
                }

                if (message.VisibleAt <= now)
                {
                    visible++;
                }
                else if (message.ReceiveCount > 0)
                {
                    notVisible++;
                }
                else
                {
                    delayed++;
                }
            }

            return (visible, notVisible, delayed);
        }
    }

    /// <summary>Counts one message sent (for <c>NumberOfMessagesSent</c>).</summary>
    public void CountSent() => Interlocked.Increment(ref _sent);

    /// <summary>Counts messages returned by a receive (for <c>NumberOfMessagesReceived</c>).</summary>
    public void CountReceived(int count) => Interlocked.Add(ref _received, count);

    /// <summary>Counts one message deleted (for <c>NumberOfMessagesDeleted</c>).</summary>
    public void CountDeleted() => Interlocked.Increment(ref _deleted);

    /// <summary>The sent, received and deleted counts since the last call (the <c>AWS/SQS</c> publisher takes them each minute).</summary>
    public (long Sent, long Received, long Deleted) TakeCounts() =>
        (Interlocked.Exchange(ref _sent, 0), Interlocked.Exchange(ref _received, 0), Interlocked.Exchange(ref _deleted, 0));

    /// <summary>When the oldest unexpired message was sent (epoch milliseconds), or <c>null</c> when the queue is empty.</summary>
    public long? OldestSentTimestamp(long now)
    {
        lock (_lock)
        {
            var retentionMs = Settings.MessageRetentionPeriod * 1000L;
            long? oldest = null;
            foreach (var message in _messages)
            {
                if (now - message.SentTimestamp < retentionMs && (oldest is null || message.SentTimestamp < oldest))
                {
                    oldest = message.SentTimestamp;
                }
            }

            return oldest;
        }
    }

    public IReadOnlyDictionary<string, string> Tags => _tags.Snapshot();

    public void Tag(IReadOnlyDictionary<string, string> tags) => _tags.Tag(tags);

    public void Untag(IEnumerable<string> keys) => _tags.Untag(keys);

    private void Remove(LinkedListNode<SqsMessage> node)
    {
        _messages.Remove(node);
        _byId.Remove(node.Value.MessageId);
        MarkChanged(node.Value.MessageId);
    }

    /// <summary>Records a changed message for the journal (keeps <c>true</c> for one not yet written whole). Caller holds the lock.</summary>
    private void MarkChanged(string messageId)
    {
        if (_trackChanges)
        {
            _changed.TryAdd(messageId, false);
        }
    }

    /// <summary>
    /// Switches change tracking on and hands over what changed since the last call, in queue order, each under the
    /// queue's lock: messages enqueued since (whole), messages whose receive state changed, and ids of messages gone.
    /// </summary>
    /// <param name="definition">Builds the queue's record without messages from the queue and its tags (for the store's structure check).</param>
    /// <param name="record">Receives that record, taken under the same lock.</param>
    /// <returns>The changes, and whether tracking was off until now (the queue is new to the journal).</returns>
    public (List<SqsMessageRecord> Added, List<SqsMessageRecord> Updated, List<string> Gone, bool New) TakeChanges(Func<SqsQueue, Dictionary<string, string>, SqsQueueRecord> definition, out SqsQueueRecord record)
    {
        lock (_lock)
        {
            var wasTracking = _trackChanges;
            _trackChanges = true;
            record = definition(this, _tags.Snapshot());
            var added = new List<SqsMessageRecord>();
            var updated = new List<SqsMessageRecord>();
            var gone = new List<string>();
            if (_changed.Count > 0)
            {
                // Only the changed messages, found by id and put back in queue order: a scan of the whole queue here
                // made each journal write cost as much as the backlog was long (docs/DEVELOPMENT.md, Measuring the pipeline).
                var present = new List<(SqsMessage Message, bool IsNew)>(_changed.Count);
                foreach (var (messageId, isNew) in _changed)
                {
                    if (_byId.TryGetValue(messageId, out var node))
                    {
                        present.Add((node.Value, isNew));
                    }
                    else
                    {
                        gone.Add(messageId);
                    }
                }

                present.Sort(static (a, b) => a.Message.Sequence.CompareTo(b.Message.Sequence));
                foreach (var (message, isNew) in present)
                {
                    (isNew ? added : updated).Add(SqsMessageRecord.From(message));
                }

                _changed = new(StringComparer.Ordinal);
            }

            return (added, updated, gone, !wasTracking);
        }
    }

    /// <summary>Applies a journaled message at start: a message already in the queue takes the saved receive state, another is enqueued.</summary>
    /// <param name="saved">The message as journaled.</param>
    /// <param name="whole">Whether the line carried the whole message (otherwise only its receive state, for a message already here).</param>
    public void Replay(SqsMessageRecord saved, bool whole)
    {
        lock (_lock)
        {
            if (_byId.TryGetValue(saved.MessageId, out var node))
            {
                node.Value.VisibleAt = saved.VisibleAt;
                node.Value.ReceiveCount = saved.ApproximateReceiveCount;
                node.Value.FirstReceiveTimestamp = saved.ApproximateFirstReceiveTimestamp;
                node.Value.ReceiptToken = saved.ReceiptToken;
                return;
            }
        }

        if (whole)
        {
            Enqueue(saved.ToMessage(), saved.VisibleAt);
        }
    }

    /// <summary>Applies a journaled removal at start (a message already gone stays gone).</summary>
    /// <param name="messageId">The message id.</param>
    public void ReplayRemoval(string messageId)
    {
        lock (_lock)
        {
            if (_byId.TryGetValue(messageId, out var node))
            {
                Remove(node);
            }
        }
    }

    private void Signal()
    {
        TaskCompletionSource previous;
        lock (_lock)
        {
            previous = _arrival;
            _arrival = NewSignal();
        }

        previous.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>A snapshot of one receive, taken under the queue's lock.</summary>
internal readonly record struct SqsReceipt(SqsMessage Message, string ReceiptToken, int ReceiveCount, long FirstReceiveTimestamp);
