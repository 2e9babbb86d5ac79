using System.Reflection;
using System.Runtime.Loader;

namespace SesMail.Lambda.RuntimeHost;

/// <summary>
/// Resolves a .NET handler string, <c>Assembly::Namespace.Type::Method</c>
/// (https://docs.aws.amazon.com/lambda/latest/dg/csharp-handler.html), from the function's package: the assembly is
/// loaded from <c>LAMBDA_TASK_ROOT</c> into a load context of its own (dependencies from the same folder), the type is
/// built with its public parameterless constructor, and the method must take one <see cref="Stream"/> and return
/// <c>Stream</c>, <c>Task&lt;Stream&gt;</c>, <c>ValueTask&lt;Stream&gt;</c>, <c>Task</c> or <c>void</c>.
/// </summary>
internal static class HandlerLoader
{
    /// <summary>Builds the handler.</summary>
    /// <param name="handler">The handler string.</param>
    /// <param name="taskRoot">The unpacked package.</param>
    /// <returns>The handler delegate.</returns>
    /// <exception cref="HandlerException">The string is malformed or does not resolve; the message says which part.</exception>
    public static SesMail.LambdaRuntime.LambdaBootstrap.Handler Load(string? handler, string taskRoot)
    {
        var parts = (handler ?? string.Empty).Split("::");
        if (parts.Length != 3 || parts.Any(p => p.Trim().Length == 0))
        {
            throw new HandlerException($"Handler '{handler}' must read Assembly::Namespace.Type::Method.");
        }

        var path = Path.Combine(taskRoot, parts[0] + ".dll");
        if (!File.Exists(path))
        {
            throw new HandlerException($"Could not find the specified handler assembly with the file name '{parts[0]}'. The assembly should be located in the root of your uploaded .zip file.");
        }

        var context = new FunctionLoadContext(path);
        var assembly = context.LoadFromAssemblyPath(path);
        var type = assembly.GetType(parts[1], throwOnError: false)
            ?? throw new HandlerException($"Unable to find type '{parts[1]}' in assembly '{parts[0]}'.");
        var methods = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static).Where(m => m.Name == parts[2]).ToList();
        if (methods.Count == 0)
        {
            throw new HandlerException($"Unable to find method '{parts[2]}' in type '{parts[1]}' from assembly '{parts[0]}'.");
        }

        if (methods.Count > 1)
        {
            throw new HandlerException($"The method '{parts[2]}' in type '{parts[1]}' is overloaded; the handler must name exactly one public method.");
        }

        var method = methods[0];
        var parameters = method.GetParameters();
        if (parameters.Length != 1 || parameters[0].ParameterType != typeof(Stream))
        {
            throw new HandlerException($"The method '{parts[2]}' must take one System.IO.Stream (this runtime passes the raw event, no serializer).");
        }

        var instance = method.IsStatic ? null : Activator.CreateInstance(type)
            ?? throw new HandlerException($"Unable to create an instance of '{parts[1]}'.");
        return async input =>
        {
            object? returned;
            try
            {
                returned = method.Invoke(instance, [input]);
            }
            catch (TargetInvocationException error) when (error.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error.InnerException).Throw();
                throw;
            }

            switch (returned)
            {
                case Task<Stream> stream:
                    return await stream.ConfigureAwait(false);
                case ValueTask<Stream> stream:
                    return await stream.ConfigureAwait(false);
                case Task task:
                    await task.ConfigureAwait(false);
                    return null;
                case Stream stream:
                    return stream;
                default:
                    return null;
            }
        };
    }

    /// <summary>Loads the function's assemblies from its package, the framework's from the default context.</summary>
    private sealed class FunctionLoadContext(string mainAssembly) : AssemblyLoadContext("function")
    {
        private readonly AssemblyDependencyResolver _resolver = new(mainAssembly);
        private readonly string _root = Path.GetDirectoryName(mainAssembly)!;

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            if (_resolver.ResolveAssemblyToPath(assemblyName) is { } resolved)
            {
                return LoadFromAssemblyPath(resolved);
            }

            var local = Path.Combine(_root, assemblyName.Name + ".dll");
            if (File.Exists(local) && !IsFramework(assemblyName))
            {
                return LoadFromAssemblyPath(local);
            }

            return null; // the shared framework, from the default context
        }

        protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
            _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;

        private static bool IsFramework(AssemblyName name)
        {
            try
            {
                return Default.LoadFromAssemblyName(name) is { } loaded && loaded.Location.Contains("Microsoft.NETCore.App", StringComparison.Ordinal);
            }
            catch (Exception error) when (error is FileNotFoundException or FileLoadException)
            {
                return false;
            }
        }
    }
}

/// <summary>The handler string does not resolve; Lambda reports it as an initialization error.</summary>
/// <param name="message">What is wrong.</param>
internal sealed class HandlerException(string message) : Exception(message);
