namespace SesMail.Emulator.Gmail;

/// <summary>
/// Registers and maps the Gmail API stand-in: ordinary ASP.NET endpoints (Gmail is not an AWS protocol) beside the
/// AWS catch-all. See <see cref="GmailApiEndpoints"/> for the Gmail methods and <see cref="GmailControlEndpoints"/>
/// for the OAuth consent and token endpoints and the switches under <c>/_sesmail/gmail/</c>.
/// </summary>
internal static class GmailStandIn
{
    /// <summary>Configuration key for the initial access-token lifetime in seconds (default 3599).</summary>
    public const string AccessTokenLifetimeKey = "Emulator:Gmail:AccessTokenLifetimeSeconds";

    /// <summary>Configuration key for the mailbox the consent step grants without a <c>login_hint</c> (default <c>me@example.test</c>).</summary>
    public const string ConsentMailboxKey = "Emulator:Gmail:ConsentMailbox";

    /// <summary>Configuration section of extra OAuth clients, <c>{client_id}: {client_secret}</c> (<c>sesmail-local</c> is always known).</summary>
    public const string OAuthClientsKey = "Emulator:Gmail:OAuthClients";

    /// <summary>Registers the stand-in's state and endpoint classes.</summary>
    public static IServiceCollection AddGmailStandIn(this IServiceCollection services)
    {
        services.AddSingleton<GmailOAuthServer>();
        services.AddSingleton<GmailFaultSwitch>();
        services.AddSingleton<GmailMaildir>();
        services.AddSingleton<GmailUploadSessions>();
        services.AddSingleton<GmailApiEndpoints>();
        services.AddSingleton<GmailControlEndpoints>();
        services.AddSingleton<GmailMailboxPage>();
        return services;
    }

    /// <summary>Maps the token endpoint, the Gmail API routes, the control endpoints and the HTML page.</summary>
    public static WebApplication MapGmailStandIn(this WebApplication app)
    {
        if (app.Configuration.GetValue<int?>(AccessTokenLifetimeKey) is { } lifetime)
        {
            app.Services.GetRequiredService<GmailOAuthServer>().AccessTokenLifetimeSeconds = lifetime;
        }

        var oauth = app.Services.GetRequiredService<GmailOAuthServer>();
        if (app.Configuration[ConsentMailboxKey] is { Length: > 0 } mailbox)
        {
            oauth.ConsentMailbox = mailbox;
        }

        foreach (var client in app.Configuration.GetSection(OAuthClientsKey).GetChildren())
        {
            if (client.Value is { Length: > 0 } secret)
            {
                oauth.RegisterClient(client.Key, secret);
            }
        }

        var api = app.Services.GetRequiredService<GmailApiEndpoints>();
        var control = app.Services.GetRequiredService<GmailControlEndpoints>();
        var page = app.Services.GetRequiredService<GmailMailboxPage>();

        app.MapGet("/_sesmail/oauth2/auth", control.AuthorizeAsync);
        app.MapPost("/_sesmail/oauth2/token", control.TokenAsync);

        foreach (var method in new[] { "import", "insert" })
        {
            app.MapMethods($"/upload/gmail/v1/users/{{userId}}/messages/{method}", ["POST", "PUT"], (HttpContext http, string userId) => api.UploadAsync(http, userId, method));
            app.MapPost($"/gmail/v1/users/{{userId}}/messages/{method}", (HttpContext http, string userId) => api.MetadataImportAsync(http, userId, method));
        }

        app.MapGet("/gmail/v1/users/{userId}/messages", (HttpContext http, string userId) => api.ListAsync(http, userId));
        app.MapGet("/gmail/v1/users/{userId}/messages/{id}", (HttpContext http, string userId, string id) => api.GetAsync(http, userId, id));
        app.MapGet("/gmail/v1/users/{userId}/labels", (HttpContext http, string userId) => api.LabelsAsync(http, userId));

        app.MapGet("/_sesmail/gmail/state", control.StateAsync);
        app.MapPost("/_sesmail/gmail/faults", control.SetFaultAsync);
        app.MapDelete("/_sesmail/gmail/faults", control.ClearFaultAsync);
        app.MapPost("/_sesmail/gmail/revoked-refresh-tokens", control.RevokeAsync);
        app.MapDelete("/_sesmail/gmail/revoked-refresh-tokens", control.RestoreAsync);
        app.MapPut("/_sesmail/gmail/access-token-lifetime", control.SetLifetimeAsync);
        app.MapPost("/_sesmail/gmail/access-tokens/expire", control.ExpireAsync);
        app.MapGet("/_sesmail/gmail/mailboxes", control.MailboxesAsync);
        app.MapGet("/_sesmail/gmail/mailboxes/{mailbox}/messages", (HttpContext http, string mailbox) => control.MessagesAsync(http, mailbox));
        app.MapGet("/_sesmail/gmail/mailboxes/{mailbox}/messages/{id}/raw", (HttpContext http, string mailbox, string id) => control.RawAsync(http, mailbox, id));

        app.MapGet("/gmail/", page.IndexAsync);
        app.MapGet("/gmail/view/{mailbox}/{id}", (HttpContext http, string mailbox, string id) => page.ViewAsync(http, mailbox, id));
        return app;
    }
}
