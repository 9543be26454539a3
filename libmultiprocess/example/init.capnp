# Bootstrap interface that every example helper process serves on its socket.
# The driver (mpexample) connects to it and asks for the objects it needs.

@0xe100173e9468079f;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("gen");

using Proxy = import "/mp/proxy.capnp";
$Proxy.include("init.h");
$Proxy.includeTypes("types.h");

using Calculator = import "calculator.capnp";
using Printer = import "printer.capnp";

interface InitInterface $Proxy.wrap("Init") {
    # Called by the client when it connects, to exchange thread maps.
    construct @0 (threadMap :Proxy.ThreadMap) -> (threadMap :Proxy.ThreadMap);
    makeCalculator @1 (context :Proxy.Context, print :Printer.PrinterInterface) -> (result :Calculator.CalculatorInterface);
    makePrinter @2 (context :Proxy.Context) -> (result :Printer.PrinterInterface);
}
