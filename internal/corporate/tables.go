package corporate

// OwnedTables lists the tables only the corporate module writes.
var OwnedTables = []string{
	"corporate_leads",
	"corporate_organizations",
	"corporate_proposals",
	"corporate_agreements",
	"corporate_cohorts",
	"corporate_reports",
	"corporate_invoices",
	"corporate_payment_allocations",
}
