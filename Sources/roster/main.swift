import Foundation
import RosterCLI

exit(RosterCLI.run(Array(CommandLine.arguments.dropFirst())))
