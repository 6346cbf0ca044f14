using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Rag.Infrastructure.Tests")]
