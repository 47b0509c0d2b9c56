package payment

var OwnedTables = []string{"payments"} // want `table payments is declared by enrollment and payment`
