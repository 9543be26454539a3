# Interface of the calculator process: it solves equations and hands the
# answers to a printer.

@0xe977b421db916def;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("gen");

using Proxy = import "/mp/proxy.capnp";
$Proxy.include("calculator.h");
$Proxy.includeTypes("types.h");

interface CalculatorInterface $Proxy.wrap("Calculator") {
    destroy @0 (context :Proxy.Context) -> ();
    solveEquation @1 (context :Proxy.Context, eqn :Text) -> ();
}
