// sesmail: the operator tool. Commands arrive with the CLI issue.
Console.Error.WriteLine("sesmail: no commands yet.");
return 1;
