package jsast

// Named accessors for the generic fields of a Node. Each names what a
// field means for the kinds listed in its comment (see the Kind
// constants); for other kinds it returns the same field, whatever that
// holds. Code that reads nodes through these does not depend on which
// generic field holds what, so the layout can change behind them.

// Callee is the function a KindCall or KindNew calls, or the tag of a
// KindTaggedTemplate.
func (n *Node) Callee() *Node { return n.X }

// Args are the arguments of a KindCall or KindNew.
func (n *Node) Args() []*Node { return n.List }

// Template is the template literal of a KindTaggedTemplate.
func (n *Node) Template() *Node { return n.Y }

// Object is the object whose member a KindPropertyAccess or
// KindElementAccess reads (x in x.y and x[y]).
func (n *Node) Object() *Node { return n.X }

// Element is the key expression of a KindElementAccess (y in x[y]).
func (n *Node) Element() *Node { return n.Y }

// Operand is the operand of a KindPrefix, KindPostfix, KindParen,
// KindAwait, KindYield, KindSpread, KindAs, KindSatisfies, KindNonNull or
// KindTypeAssertion.
func (n *Node) Operand() *Node { return n.X }

// Left is the left operand of a KindBinary, or the binding or target of
// a KindForIn or KindForOf (x in for (x of y)).
func (n *Node) Left() *Node { return n.X }

// Right is the right operand of a KindBinary, or the iterated expression
// of a KindForIn or KindForOf (y in for (x of y)).
func (n *Node) Right() *Node { return n.Y }

// Cond is the condition of a KindIf, KindConditional, KindWhile or
// KindDoWhile.
func (n *Node) Cond() *Node { return n.X }

// Then is what a KindIf or KindConditional runs or yields when its
// condition holds.
func (n *Node) Then() *Node { return n.Y }

// Else is what a KindIf or KindConditional runs or yields otherwise; nil
// for an if without else.
func (n *Node) Else() *Node { return n.Z }

// Init is the initializer of a KindVarDecl, KindParameter,
// KindBindingElement, KindPropertyDecl or KindEnumMember (the default
// value of a parameter or binding), or nil.
func (n *Node) Init() *Node { return n.Y }

// Value is the value of a KindPropertyAssign ({ name: value }) or
// KindJSXAttribute.
func (n *Node) Value() *Node { return n.Y }

// Expr is the expression of a KindExprStmt, KindReturn, KindThrow,
// KindExportAssign, KindTemplateSpan, KindComputedPropName,
// KindJSXExpression or KindDecorator, the discriminant of a KindSwitch or
// the test of a KindCase.
func (n *Node) Expr() *Node { return n.X }

// PropertyName is the name before the colon or `as`: the property a
// KindBindingElement reads ({ key: binding }), the name a
// KindImportSpecifier imports or the local name a KindExportSpecifier
// exports; nil when there is only one name.
func (n *Node) PropertyName() *Node { return n.X }

// TryBlock is the block of a KindTry.
func (n *Node) TryBlock() *Node { return n.X }

// CatchClause is the KindCatch of a KindTry, or nil.
func (n *Node) CatchClause() *Node { return n.Y }

// Finally is the finally block of a KindTry, or nil.
func (n *Node) Finally() *Node { return n.Z }

// ImportClause is the KindImportClause of a KindImportDecl (nil for a
// side-effect import).
func (n *Node) ImportClause() *Node { return n.X }

// NamedBindings is the KindNamespaceImport or KindNamedImports of a
// KindImportClause, or nil.
func (n *Node) NamedBindings() *Node { return n.Y }

// Exports is the KindNamedExports or KindNamespaceExport of a
// KindExportDecl (nil for `export *`).
func (n *Node) Exports() *Node { return n.X }

// Specifier is the module specifier of a KindImportDecl or KindExportDecl,
// or nil.
func (n *Node) Specifier() *Node { return n.Y }

// Attributes are the import attributes (a KindObjectLit) of a
// KindImportDecl or KindExportDecl, or nil.
func (n *Node) Attributes() *Node { return n.Z }
