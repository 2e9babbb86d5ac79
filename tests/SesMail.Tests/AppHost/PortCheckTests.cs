using System.Net;
using System.Net.Sockets;
using SesMail.AppHost;
using SesMail.Tests.Support;

namespace SesMail.Tests.AppHost;

[Trait("Kind", "Unit")]
public sealed class PortCheckTests
{
    [Fact]
    public void Listeners_Embedded_AreTheEmulatorsPortsAndTheSmtpEdge()
    {
        var settings = new AppHostSettings { EmulatorPort = 14566, SesSmtpPort = 12587, SesSmtpTlsPort = 12465, SmtpPort = 12525 };

        PortCheck.Listeners(settings).Select(l => (l.Port, l.Setting)).Should().Equal(
            (14566, "Emulator:Port"), (12587, "Emulator:SesSmtpPort"), (12465, "Emulator:SesSmtpTlsPort"), (12525, "Smtp:Port"));
    }

    [Fact]
    public void Listeners_LocalStack_AreTheMailboxAndTheSmtpEdge_NotLocalStacksOwnPort()
    {
        var settings = new AppHostSettings { Backend = Backend.LocalStack, GmailStandInPort = 14567, SmtpPort = 12525 };

        PortCheck.Listeners(settings).Select(l => l.Port).Should().Equal(14567, 12525);
    }

    [Fact]
    public void Busy_APortAnotherSocketListensOn_IsReported_AndAFreeOneIsNot()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var held = ((IPEndPoint)holder.LocalEndpoint).Port;
        var free = LoopbackPort.Free();

        var busy = PortCheck.Busy([new("127.0.0.1", held, "Smtp:Port", "the SMTP edge"), new("127.0.0.1", free, "Emulator:Port", "the emulator")]);

        busy.Select(l => l.Port).Should().Equal(held);
    }

    [Fact]
    public void Message_NamesTheAddressTheSettingThatMovesItAndHowToFindTheHolder()
    {
        var message = PortCheck.Message(new("127.0.0.1", 2525, "Smtp:Port", "the SMTP edge"));

        message.Should().Contain("127.0.0.1:2525 (the SMTP edge) is already in use")
            .And.Contain("--SesMail:Smtp:Port=<port>")
            .And.Contain("ss -ltnp 'sport = :2525'");
    }

    [Fact]
    public void IsAddressInUse_KestrelsBindFailure_IsRecognised_AndOtherIoErrorsAreNot()
    {
        var kestrel = new IOException("Failed to bind to address http://127.0.0.1:20080: address already in use.", new SocketException((int)SocketError.AddressAlreadyInUse));

        var run = new AggregateException(kestrel); // what DistributedApplication.Run throws

        PortCheck.IsAddressInUse(run).Should().BeTrue();
        PortCheck.IsAddressInUse(new AggregateException(new IOException("disk full"))).Should().BeFalse();
        PortCheck.DashboardMessage(run).Should().StartWith("SesMail cannot start: Failed to bind to address http://127.0.0.1:20080: address already in use. The dashboard takes 15080, 19080 and 20080")
            .And.EndWith("ss -ltnp 'sport = :20080'");
    }
}
