/// Makes the request generator of a scenario for one connection.
public enum ScenarioFactory {
    /// The generator of `name` for the connection described by `context`.
    public static func make(_ name: ScenarioName, context: ScenarioContext) -> any RequestGenerator {
        name == .mix ? MixScenario(context: context) : single(name, context: context)
    }

    /// The generator of a scenario other than `mix`.
    static func single(_ name: ScenarioName, context: ScenarioContext) -> any RequestGenerator {
        switch name {
        case .getUser: ReadScenario(.getUser, context: context)
        case .filterUsername: ReadScenario(.filterUsername, context: context)
        case .listPage: ReadScenario(.listPage, context: context)
        case .createUser: WriteScenario(.create, context: context)
        case .replaceUser: WriteScenario(.replace, context: context)
        case .patchUser: WriteScenario(.patch, context: context)
        case .deactivate: DeactivateScenario(context: context)
        case .patchGroupAdd: GroupAddScenario(.small, context: context)
        case .patchGroupAddBig: GroupAddScenario(.big, context: context)
        case .oktaSync: SyncScenario(context: context, provider: .okta)
        case .entraSync: SyncScenario(context: context, provider: .entra)
        case .mix: MixScenario(context: context)
        }
    }
}
